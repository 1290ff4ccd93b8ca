/**
 * @module platform/workers/bindings
 * What the Worker receives from wrangler.toml: the D1 database, the jobs queue producer, the
 * static assets, and every string variable and secret (parsed by the one config schema).
 * Structural types only, so this folder also type-checks under the Node tsconfig.
 */
import type { drizzle } from 'drizzle-orm/d1';

export type D1Binding = Parameters<typeof drizzle>[0];

/** The body of every message on the jobs queue: "the queue has work due at `dueAtMs`". */
export interface JobWakeMessage {
  v: 1;
  dueAtMs: number;
  /** why it was sent (enqueue, retry, cron, continue): for logs only */
  reason: string;
}

/** The producer side of a Queues binding (`env.JOBS`). */
export interface QueueSender {
  send(body: JobWakeMessage, options?: { delaySeconds?: number }): Promise<unknown>;
}

/** The `[assets]` binding: a fetcher over the uploaded static files. */
export interface AssetsFetcher {
  fetch(input: Request | string): Promise<Response>;
}

export interface WorkerEnv {
  DB: D1Binding;
  JOBS: QueueSender;
  ASSETS?: AssetsFetcher;
  [variable: string]: unknown;
}

/** The waitUntil part of an ExecutionContext. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

/** Only the string (or scalar) variables, as an environment-like record for `parseConfig`. */
export function stringVariables(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
  }
  return out;
}
