import { serve } from '@hono/node-server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { makeTestRuntime } from '../tests/helpers/runtime';
import { createLogger } from '../src/core/log';
import { requestContext } from '../src/http/middleware/request-context';
import { identify } from '../src/http/middleware/auth';
import { bodySizeLimit } from '../src/http/middleware/body-size';
const rt = await makeTestRuntime({ logger: createLogger('silent') });
const bare = async (c: Context) => { await c.req.json(); return c.json({ ok: true }); };
const outer = new Hono();
outer.post('/bare', bare);
const variants: Record<string, MiddlewareHandler[]> = {
  sh: [secureHeaders()],
  rc: [requestContext(rt.deps) as MiddlewareHandler],
  id: [async (c, next) => { c.set('deps' as never, rt.deps as never); await next(); }, identify() as MiddlewareHandler],
  bl: [bodySizeLimit(1000) as MiddlewareHandler],
  hdr: [async (c, next) => { c.req.header('x-foo'); await next(); }],
  setHdr: [async (c, next) => { await next(); c.header('x-a', '1'); }],
};
for (const [name, mws] of Object.entries(variants)) {
  const sub = new Hono();
  for (const m of mws) sub.use('*', m);
  sub.post('/bare', bare);
  outer.route(`/${name}`, sub);
}
serve({ fetch: outer.fetch, port: 18777, hostname: '127.0.0.1' });
console.log('up');
