import type { EnqueueInput } from '../jobs';

/** How capabilities hand work to the durable queue (SQLite jobs table on Node, Queues on Workers). */
export interface JobQueue {
  /** Insert unless the idempotency key exists; true when a new job was queued. */
  enqueue(input: EnqueueInput): Promise<boolean>;
  /** Insert, or push an existing queued job's run time out (debounce). */
  enqueueOrPostpone(input: EnqueueInput & { runAtMs: number }): Promise<void>;
  /** Tell the consumer that jobs were written directly (e.g. a batched insert). */
  wake(): void;
}
