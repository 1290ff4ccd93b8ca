import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { makeTestRuntime } from '../tests/helpers/runtime';
import { createLogger } from '../src/core/log';

const N = 20000;
async function measure(name: string, fetchFn: (r: Request) => Response | Promise<Response>) {
  const body = JSON.stringify({ aspect_type: 'create', event_time: 1, object_id: 1, object_type: 'activity', owner_id: 1, subscription_id: 1, updates: {} });
  for (let i = 0; i < 2000; i++) await fetchFn(new Request('http://x/bare', { method: 'POST', body, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }));
  const t = performance.now();
  for (let i = 0; i < N; i++) await fetchFn(new Request('http://x/bare', { method: 'POST', body, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }));
  console.log(name.padEnd(30), (((performance.now() - t) * 1000) / N).toFixed(1), 'us/req');
}
const plain = new Hono(); plain.post('/bare', async (c) => { await c.req.json(); return c.json({ ok: true }); });
await measure('plain hono', plain.fetch);
const sh = new Hono(); sh.use('*', secureHeaders()); sh.post('/bare', async (c) => { await c.req.json(); return c.json({ ok: true }); });
await measure('secureHeaders', sh.fetch);
const bl = new Hono(); bl.use('*', bodyLimit({ maxSize: 262144 })); bl.post('/bare', async (c) => { await c.req.json(); return c.json({ ok: true }); });
await measure('bodyLimit', bl.fetch);
const rt = await makeTestRuntime({ logger: createLogger('silent') });
rt.app.post('/bare', async (c) => { await c.req.json(); return c.json({ ok: true }); });
await measure('full app (silent log)', rt.app.fetch);
await rt.dispose();
const rt2 = await makeTestRuntime({ logger: createLogger('info', () => {}) });
rt2.app.post('/bare', async (c) => { await c.req.json(); return c.json({ ok: true }); });
await measure('full app (info log, no write)', rt2.app.fetch);
await rt2.dispose();
