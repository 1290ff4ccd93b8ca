/**
 * @module entries/worker
 * The Cloudflare Worker: `fetch`, `queue` and `scheduled` over the same `createApp(deps)`, job
 * handlers and scheduled tasks as the Node server. Wiring only: see src/platform/workers.
 */
import { createWorker } from '../platform/workers/worker';

export default createWorker();
