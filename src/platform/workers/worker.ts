/**
 * @module platform/workers/worker
 * The Worker's three handlers over one runtime: `fetch` (the same Hono app as Node), `queue` (the
 * jobs consumer) and `scheduled` (Cron Triggers). `createWorker(overrides)` lets tests run the
 * very same handlers with a manual clock and a captured queue.
 */
import type { ExecutionContext } from 'hono';
import { queuedRunTimes } from '../../queue/queue';
import type { WaitUntil, WorkerEnv, JobWakeMessage } from './bindings';
import { dueTasks } from './cron';
import { sendWake } from './job-queue';
import { createWorkerRuntime, type WorkerOverrides } from './runtime';

/** Jobs one consumer invocation runs before it hands the rest to a fresh invocation. */
export const DRAIN_BUDGET = 25;

/** The parts of a Queues message batch the consumer uses. */
export interface WakeBatch {
  readonly queue: string;
  readonly messages: ReadonlyArray<{ readonly body: unknown; ack(): void }>;
  ackAll(): void;
}

export interface ScheduledEvent {
  readonly cron: string;
  readonly scheduledTime: number;
}

export interface HardDayWorker {
  fetch(request: Request, env: WorkerEnv, ctx: WaitUntil): Promise<Response>;
  queue(batch: WakeBatch, env: WorkerEnv, ctx: WaitUntil): Promise<void>;
  scheduled(event: ScheduledEvent, env: WorkerEnv, ctx: WaitUntil): Promise<void>;
}

const isWake = (body: unknown): body is JobWakeMessage =>
  typeof body === 'object' && body !== null && (body as { v?: unknown }).v === 1 && typeof (body as { dueAtMs?: unknown }).dueAtMs === 'number';

export function createWorker(overrides: WorkerOverrides = {}): HardDayWorker {
  return {
    async fetch(request, env, ctx) {
      const rt = await createWorkerRuntime(env, ctx, overrides);
      return (await rt.app()).fetch(request, env, ctx as ExecutionContext);
    },

    async queue(batch, env, ctx) {
      const rt = await createWorkerRuntime(env, ctx, overrides);
      const { clock, logger } = rt.deps;
      if (batch.queue.endsWith('-dlq')) {
        // A wake-up whose consumer failed every delivery (D1 unavailable, say). The jobs it would
        // have run are still in D1; the cron safety net claims them once the cause is gone.
        logger.error('job wake-ups dead-lettered', { count: batch.messages.length });
        batch.ackAll();
        return;
      }
      const now = clock.now();
      // A wake-up later than Queues' 12 h delay cap arrives early: send it on again.
      for (const m of batch.messages) {
        if (isWake(m.body) && m.body.dueAtMs > now + 1_000) await sendWake(rt.queue, now, m.body.dueAtMs, m.body.reason);
      }
      const runner = await rt.runner();
      const ran = await runner.drain({ maxJobs: DRAIN_BUDGET });
      const after = clock.now();
      if (ran >= DRAIN_BUDGET) await sendWake(rt.queue, after, after, 'continue');
      // Retries and deferrals went back into D1 with a new run time (a deferral without spending
      // an attempt: deferJob gives it back): wake the queue then.
      for (const { runAtMs } of await queuedRunTimes(rt.deps.db, [...rt.requeued])) await sendWake(rt.queue, after, runAtMs, 'retry');
      // Throwing instead would make Queues redeliver the batch and, past max_retries, move it to
      // the dead-letter queue; job failures are already recorded per job in D1.
      batch.ackAll();
    },

    async scheduled(event, env, ctx) {
      const rt = await createWorkerRuntime(env, ctx, overrides);
      const now = rt.deps.clock.now();
      // One trigger (TICK_CRON) for every task: which are due follows from the scheduled time.
      for (const { task, atMs } of dueTasks(event.scheduledTime)) {
        try {
          await rt.deps.jobs.enqueue(task.job(atMs));
        } catch (error) {
          rt.deps.logger.error('scheduled enqueue failed', { task: task.name, error });
        }
      }
      // Safety net: whatever is due (a lost wake-up, an expired lease) runs now.
      await sendWake(rt.queue, now, now, `cron ${new Date(event.scheduledTime).toISOString()}`);
    },
  };
}
