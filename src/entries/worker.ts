/**
 * @module entries/worker
 * The Cloudflare Worker: `fetch`, `queue` and `scheduled` over the same `createApp(deps)`, job
 * handlers and scheduled tasks as the Node server. Wiring only: see src/platform/workers.
 *
 * The module graph loads on the first event, not at script startup: evaluating it (zod schemas,
 * drizzle tables, the Hono routes, the provider clients) is most of the Worker's cold start, and
 * Cloudflare bounds the startup phase separately from requests (docs/benchmarks.md, "worker").
 */
import type { HardDayWorker } from '../platform/workers/worker';

let loading: Promise<HardDayWorker> | undefined;
const worker = (): Promise<HardDayWorker> => {
  loading ??= import('../platform/workers/worker').then((m) => m.createWorker());
  return loading;
};

export default {
  fetch: async (...args) => (await worker()).fetch(...args),
  queue: async (...args) => (await worker()).queue(...args),
  scheduled: async (...args) => (await worker()).scheduled(...args),
} satisfies HardDayWorker;
