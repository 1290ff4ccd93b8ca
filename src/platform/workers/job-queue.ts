/**
 * @module platform/workers/job-queue
 * The JobQueue port on Workers. The `jobs` table in D1 stays the source of truth (idempotency
 * keys, families, priorities, attempts, retry state, dead letters) through the same SQL as Node
 * (src/queue/queue.ts); Cloudflare Queues only carries wake-ups, "work is due at T", delivered
 * with the message's delivery delay. A lost or early wake-up costs nothing: the consumer claims
 * whatever is due, and the cron safety net sends one every few minutes.
 */
import type { Clock } from '../../core/ports/clock';
import type { JobQueue } from '../../core/ports/job-queue';
import type { Db } from '../../db/client';
import { enqueueJob, enqueueOrPostpone } from '../../queue/queue';
import type { QueueSender, WaitUntil } from './bindings';

/** Cloudflare Queues' longest delivery delay (12 h); a later job is re-armed on arrival. */
export const MAX_DELAY_SECONDS = 43_200;

export function delaySecondsUntil(dueAtMs: number, nowMs: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((dueAtMs - nowMs) / 1000)));
}

/** Send one wake-up for `dueAtMs` (now when it is past). */
export function sendWake(queue: QueueSender, nowMs: number, dueAtMs: number, reason: string): Promise<unknown> {
  const delaySeconds = delaySecondsUntil(dueAtMs, nowMs);
  return queue.send({ v: 1, dueAtMs, reason }, delaySeconds > 0 ? { delaySeconds } : undefined);
}

export function createWorkersJobQueue(db: Db, clock: Clock, maxAttempts: number, queue: QueueSender, ctx: WaitUntil): JobQueue {
  const defaults = { maxAttempts };
  return {
    async enqueue(input) {
      const now = clock.now();
      const row = await enqueueJob(db, now, defaults, input);
      if (row) await sendWake(queue, now, row.runAtMs, `enqueue ${row.kind}`);
      return row !== undefined;
    },
    async enqueueOrPostpone(input) {
      // Debounce: the row's run time moves out; the wake-up for the old time arrives early,
      // finds nothing due, and the one sent here arrives when the job is.
      const now = clock.now();
      await enqueueOrPostpone(db, now, defaults, input);
      await sendWake(queue, now, input.runAtMs, `postpone ${input.kind}`);
    },
    wake() {
      ctx.waitUntil(sendWake(queue, clock.now(), clock.now(), 'wake'));
    },
  };
}
