/**
 * @module deps
 * What the application needs from its runtime. Each entry (Node, Workers) builds one `AppDeps`
 * and hands it to `createApp`, the job handlers and the scheduler; nothing else knows the runtime.
 */
import type { Config } from './core/config';
import type { Secrets } from './core/crypto';
import type { Db } from './db/client';
import type { EnqueueInput } from './queue/queue';
import type { Logger } from './core/log';

export interface Clock {
  now(): number;
}

export interface JobQueue {
  /** Insert unless the idempotency key exists; true when a new job was queued. */
  enqueue(input: EnqueueInput): Promise<boolean>;
  /** Insert, or push an existing queued job's run time out (debounce). */
  enqueueOrPostpone(input: EnqueueInput & { runAtMs: number }): Promise<void>;
  /** Tell the consumer that jobs were written directly (e.g. a batched insert). */
  wake(): void;
}

export interface AppDeps {
  db: Db;
  config: Config;
  secrets: Secrets;
  logger: Logger;
  clock: Clock;
  /** outbound HTTP; tests and self-hosters point base URLs elsewhere through config */
  fetch: typeof fetch;
  jobs: JobQueue;
}

export const systemClock: Clock = { now: () => Date.now() };
