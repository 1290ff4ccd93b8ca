/**
 * The Worker build and its cold start in workerd.
 * - bundle: `wrangler deploy --dry-run` of wrangler.toml, raw and gzipped (target < 1 MiB gzip).
 * - cold start: a fresh Miniflare (a new workerd process) per round, from construction to the
 *   first response of `GET /healthz` (which loads the module graph, parses config, derives the
 *   keys, builds the app and reads D1), against an empty Worker answering 200 measured in the
 *   same run, rounds interleaved. `readyMs` is script startup (parse + top-level evaluation),
 *   `firstRequestMs` the first event on the fresh isolate (the Worker loads its modules there).
 * Run alone with `npm run cf:bench`; `npm run bench` includes it.
 */
import { readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { buildWorker } from '../tests/workers/node/wrangler';
import type { BenchReport } from './report';

const ROUNDS = 7;
const COMPAT = { compatibilityDate: '2026-04-20', compatibilityFlags: ['nodejs_compat'] };
const EMPTY_WORKER = 'export default { fetch() { return new Response("ok"); } };';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

interface Round {
  /** new Miniflare → workerd up with the script loaded (top-level evaluation included) */
  readyMs: number;
  /** ready → first response */
  firstMs: number;
  /** a second request on the warm isolate */
  warmMs: number;
}

async function coldStart(make: () => Miniflare, path: string): Promise<Round> {
  const t0 = performance.now();
  const mf = make();
  try {
    await mf.ready;
    const t1 = performance.now();
    const first = await mf.dispatchFetch(`http://hardday.test${path}`);
    await first.arrayBuffer();
    if (first.status !== 200) throw new Error(`cold start request answered ${first.status}`);
    const t2 = performance.now();
    await (await mf.dispatchFetch(`http://hardday.test${path}`)).arrayBuffer();
    return { readyMs: t1 - t0, firstMs: t2 - t1, warmMs: performance.now() - t2 };
  } finally {
    await mf.dispose();
  }
}

export async function benchWorker(): Promise<BenchReport> {
  const built = await buildWorker();
  try {
    // Both Workers get the same bindings, so the difference is the script and what it does.
    const shared = {
      ...COMPAT,
      d1Databases: { DB: 'hardday-bench' },
      queueProducers: { JOBS: { queueName: 'hardday-jobs' } },
      bindings: { SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789abcdef', LOG_LEVEL: 'silent' },
      cf: false,
    };
    // The bundle is handed over as one ES module, the way `wrangler deploy` uploads it: with
    // `scriptPath` + `modules: true` Miniflare first parses the 4 MB script in Node to discover
    // its imports, which added ~2 s to every round (not workerd's cost, not Cloudflare's).
    const script = readFileSync(built.scriptPath, 'utf8');
    const hardday = () => new Miniflare({ ...shared, modules: [{ type: 'ESModule', path: 'worker.js', contents: script }] });
    const empty = () => new Miniflare({ ...shared, modules: [{ type: 'ESModule', path: 'empty.mjs', contents: EMPTY_WORKER }] });
    const ours: Round[] = [];
    const bare: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await coldStart(empty, '/'));
      ours.push(await coldStart(hardday, '/healthz'));
    }
    const total = (r: Round) => r.readyMs + r.firstMs;
    const coldMs = median(ours.map(total));
    const emptyColdMs = median(bare.map(total));
    const gzipKiB = built.gzipBytes / 1024;
    return {
      name: 'worker',
      description: `Worker bundle (wrangler deploy --dry-run) and cold start in workerd: new Miniflare → first GET /healthz, median of ${ROUNDS}`,
      metrics: {
        bundleKiB: Math.round(built.bytes / 1024),
        bundleGzipKiB: Math.round(gzipKiB),
        coldStartMs: Math.round(coldMs),
        readyMs: Math.round(median(ours.map((r) => r.readyMs))),
        firstRequestMs: Math.round(median(ours.map((r) => r.firstMs))),
        coldStartOverEmptyMs: Math.round(coldMs - emptyColdMs),
        warmRequestMs: Math.round(median(ours.map((r) => r.warmMs)) * 10) / 10,
      },
      baseline: {
        description: 'an empty Worker (one-line fetch returning 200) with the same bindings, in the same run',
        metrics: { coldStartMs: Math.round(emptyColdMs), readyMs: Math.round(median(bare.map((r) => r.readyMs))), firstRequestMs: Math.round(median(bare.map((r) => r.firstMs))), warmRequestMs: Math.round(median(bare.map((r) => r.warmMs)) * 10) / 10 },
      },
      ratio: Math.round((coldMs / emptyColdMs) * 100) / 100,
      target: 'bundle < 1 MiB gzipped',
      met: built.gzipBytes < 1024 * 1024,
    };
  } finally {
    built.dispose();
  }
}

if (import.meta.filename === process.argv[1]) {
  const report = await benchWorker();
  console.log(JSON.stringify(report, null, 2));
}
