import { Miniflare } from 'miniflare';
import { readFileSync } from 'node:fs';
const COMPAT = { compatibilityDate: '2026-04-20', compatibilityFlags: ['nodejs_compat'] };
async function time(name, contents, path='/healthz', rounds=3) {
  const xs=[];
  for (let i=0;i<rounds;i++){
    const t0=performance.now();
    const mf = new Miniflare({ ...COMPAT, modules: [{ type: 'ESModule', path: 'w.mjs', contents }], d1Databases: { DB: 'x' }, queueProducers: { JOBS: { queueName: 'hardday-jobs' } }, bindings: { SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789abcdef', LOG_LEVEL: 'silent' }, cf: false });
    await mf.ready; const t1=performance.now();
    const r = await mf.dispatchFetch('http://hardday.test'+path); await r.arrayBuffer();
    const t2=performance.now();
    xs.push([Math.round(t1-t0), Math.round(t2-t1), r.status]);
    await mf.dispose();
  }
  console.log(name, JSON.stringify(xs));
}
const file = process.argv[2];
const src = readFileSync(file, 'utf8');
await time('empty', 'export default { fetch() { return new Response("ok"); } };', '/');
await time('bundle', src);
if (process.argv[3]) for (const f of process.argv.slice(3)) await time(f, readFileSync(f,'utf8'), '/');
