/**
 * @module jobs/runner
 * Polls the durable queue and runs handlers. Safe to run in several processes against one
 * database: claims are atomic and leased; a worker killed mid-job leaves a lease that expires,
 * and the job is claimed again (handlers are written to be idempotent).
 */
import type { z } from 'zod';
import type { AppDeps } from '../deps';
import { IntegrationError, JobDeferred, PermanentJobError } from '../core/errors';
import { claimNextJob, completeJob, deferJob, failJob, type JobRow, renewLease, saveRetryState } from './queue';

export interface JobContext {
  deps: AppDeps;
  job: JobRow;
  /** the handler's own counters from earlier attempts and deferrals (empty on the first run) */
  retryState: Record<string, number>;
  /** persist counters for the next attempt or deferral of this job */
  setRetryState(state: Record<string, number>): Promise<void>;
}

export interface JobHandler<S extends z.ZodType = z.ZodType> {
  payload: S;
  run(payload: z.output<S>, ctx: JobContext): Promise<void>;
}

export type JobHandlers = Record<string, JobHandler>;

/** Typed helper so a handler's `run` sees its parsed payload type. */
export function defineJob<S extends z.ZodType>(payload: S, run: (payload: z.output<S>, ctx: JobContext) => Promise<void>): JobHandler {
  return { payload, run } as JobHandler;
}

export interface RunnerOptions {
  owner: string;
  leaseMs: number;
  pollMs: number;
  concurrency: number;
  /** called once a job settles; the Workers consumer uses it to wake the queue at a retry's or deferral's new run time */
  onSettled?(job: JobRow, outcome: 'done' | 'retry' | 'dead' | 'deferred'): void;
}

export interface JobRunner {
  start(): void;
  /** Stop claiming; wait up to `graceMs` for running jobs. Resolves true when all finished. */
  stop(graceMs: number): Promise<boolean>;
  /** Wake the poller now (called after an enqueue). */
  wake(): void;
  /** Run due jobs until none is due. For tests, scripts and the Workers entry. */
  drain(opts?: { maxJobs?: number }): Promise<number>;
  /** Resolves the next time a job finishes (done, retry or dead). */
  nextSettled(): Promise<{ job: JobRow; outcome: 'done' | 'retry' | 'dead' | 'deferred' }>;
  readonly inFlight: number;
}

export function createJobRunner(deps: AppDeps, handlers: JobHandlers, options: RunnerOptions): JobRunner {
  const { db, logger, clock } = deps;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const active = new Set<Promise<void>>();
  let waiters: Array<(v: { job: JobRow; outcome: 'done' | 'retry' | 'dead' | 'deferred' }) => void> = [];
  const kinds = Object.keys(handlers);

  const settle = (job: JobRow, outcome: 'done' | 'retry' | 'dead' | 'deferred') => {
    options.onSettled?.(job, outcome);
    const current = waiters;
    waiters = [];
    for (const w of current) w({ job, outcome });
  };

  async function execute(job: JobRow): Promise<void> {
    const log = logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const handler = handlers[job.kind];
    const startedAt = clock.now();
    // Keep the lease alive while a long job runs.
    const renew = setInterval(() => {
      void renewLease(db, job, clock.now(), options.leaseMs).catch(() => undefined);
    }, Math.max(50, Math.floor(options.leaseMs / 3)));
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind "${job.kind}"`);
      const parsed = handler.payload.safeParse(job.payload);
      if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      await handler.run(parsed.data, {
        deps,
        job,
        retryState: job.retryState ?? {},
        setRetryState: (state) => saveRetryState(db, job, state, clock.now()),
      });
      const held = await completeJob(db, job, clock.now());
      if (!held) log.warn('job finished after losing its lease');
      log.debug('job done', { ms: clock.now() - startedAt });
      settle(job, 'done');
    } catch (error) {
      const now = clock.now();
      if (error instanceof JobDeferred) {
        await deferJob(db, job, now, error.runAtMs, error.message);
        log.info('job deferred', { until: new Date(error.runAtMs).toISOString(), reason: error.message });
        settle(job, 'deferred');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentJobError || (error instanceof IntegrationError && !error.retryable);
      const retryAtMs = error instanceof IntegrationError ? error.retryAtMs : undefined;
      const outcome = await failJob(db, job, now, message, { permanent, ...(retryAtMs ? { retryAtMs } : {}) });
      if (outcome === 'dead') log.error('job dead-lettered', { error: message, attempts: job.attempts });
      else log.warn('job failed, will retry', { error: message });
      settle(job, outcome);
    } finally {
      clearInterval(renew);
    }
  }

  async function claimAndRun(): Promise<boolean> {
    const job = await claimNextJob(db, options.owner, clock.now(), options.leaseMs, kinds);
    if (!job) return false;
    const p = execute(job).finally(() => active.delete(p));
    active.add(p);
    return true;
  }

  async function tick(): Promise<void> {
    timer = undefined;
    if (!running) return;
    try {
      while (running && active.size < options.concurrency) {
        const got = await claimAndRun();
        if (!got) break;
      }
    } catch (error) {
      logger.error('job poll failed', { error });
    }
    if (running && !timer) timer = setTimeout(() => void tick(), options.pollMs);
  }

  function wake(): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(), 0);
  }

  return {
    start() {
      if (running) return;
      running = true;
      wake();
    },
    async stop(graceMs) {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (active.size === 0) return true;
      let timeout: ReturnType<typeof setTimeout> | undefined;
      const finished = await Promise.race([
        Promise.allSettled([...active]).then(() => true),
        new Promise<boolean>((resolve) => {
          timeout = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      if (timeout) clearTimeout(timeout);
      return finished;
    },
    wake,
    async drain(opts = {}) {
      const max = opts.maxJobs ?? 10_000;
      let count = 0;
      while (count < max) {
        const job = await claimNextJob(db, options.owner, clock.now(), options.leaseMs, kinds);
        if (!job) break;
        await execute(job);
        count++;
      }
      return count;
    },
    nextSettled() {
      return new Promise((resolve) => waiters.push(resolve));
    },
    get inFlight() {
      return active.size;
    },
  };
}
