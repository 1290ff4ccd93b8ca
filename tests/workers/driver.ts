/**
 * The Workers driver for the shared scenarios: the Worker's own `fetch`, `queue` and `scheduled`
 * handlers (createWorker, the same code as the deployed entry) inside workerd, on the test D1
 * database. Queues wake-ups are captured with their delivery delay and delivered to `queue` in
 * batches once the manual clock passes their delay, as Cloudflare Queues would.
 */
import { createExecutionContext, createMessageBatch, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import type { Logger } from '../../src/core/log';
import type { JobHandlers } from '../../src/queue/runner';
import type { JobWakeMessage, QueueSender, WorkerEnv } from '../../src/platform/workers/bindings';
import { TICK_CRON, TICK_MINUTES } from '../../src/platform/workers/cron';
import { createWorker, type HardDayWorker } from '../../src/platform/workers/worker';
import { type Driver, type DriverOptions, SCENARIO_ENV } from '../scenarios/driver';

export const QUEUE_NAME = 'hardday-jobs';
const MAX_BATCH = 10;

export interface SentWake {
  body: JobWakeMessage;
  delaySeconds: number;
  visibleAtMs: number;
}

export interface WorkersDriver extends Driver {
  worker: HardDayWorker;
  env: WorkerEnv;
  /** wake-ups sent and not yet delivered */
  pending: SentWake[];
  /** every wake-up ever sent, in order */
  sent: SentWake[];
  db: D1Database;
  /** deliver one Cron Trigger event (TICK_CRON) scheduled for `scheduledTimeMs` */
  fireTick(scheduledTimeMs: number): Promise<void>;
}

export const testEnv = env as unknown as WorkerEnv & { DB: D1Database };

/** Empty every application table (D1 keeps its data across the tests of a file). */
export async function truncateAll(db: D1Database): Promise<void> {
  const { results } = await db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name not in ('d1_migrations', '__drizzle_migrations')")
    .all<{ name: string }>();
  await db.batch([db.prepare('PRAGMA defer_foreign_keys = on'), ...results.map((r) => db.prepare(`delete from "${r.name}"`))]);
}

export async function makeWorkersDriver(opts: DriverOptions & { logger?: Logger; handlers?: JobHandlers }): Promise<WorkersDriver> {
  const { clock } = opts;
  await truncateAll(testEnv.DB);
  const pending: SentWake[] = [];
  const sent: SentWake[] = [];
  const queue: QueueSender = {
    async send(body, options) {
      const delaySeconds = options?.delaySeconds ?? 0;
      const wake = { body, delaySeconds, visibleAtMs: clock.now() + delaySeconds * 1000 };
      pending.push(wake);
      sent.push(wake);
    },
  };
  const worker = createWorker({ clock, queue, ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.handlers ? { handlers: opts.handlers } : {}) });
  const workerEnv: WorkerEnv = { ...testEnv, ...SCENARIO_ENV, ...opts.env };
  let messageId = 0;

  async function runDueJobs(): Promise<number> {
    let rounds = 0;
    for (; rounds < 1_000; rounds++) {
      const now = clock.now();
      const due = pending.filter((w) => w.visibleAtMs <= now).slice(0, MAX_BATCH);
      if (due.length === 0) break;
      for (const w of due) pending.splice(pending.indexOf(w), 1);
      const batch = createMessageBatch(
        QUEUE_NAME,
        due.map((w) => ({ id: `m${++messageId}`, timestamp: new Date(now), attempts: 1, body: w.body })),
      );
      const ctx = createExecutionContext();
      await worker.queue(batch, workerEnv, ctx);
      await waitOnExecutionContext(ctx);
    }
    return rounds;
  }
  async function fireTick(scheduledTimeMs: number): Promise<void> {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: TICK_CRON, scheduledTime: new Date(scheduledTimeMs) }), workerEnv, ctx);
    await waitOnExecutionContext(ctx);
  }

  return {
    runtime: 'workers',
    clock,
    worker,
    env: workerEnv,
    pending,
    sent,
    db: testEnv.DB,
    async request(path, init) {
      const ctx = createExecutionContext();
      const response = await worker.fetch(new Request(`http://hardday.test${path}`, init), workerEnv, ctx);
      await waitOnExecutionContext(ctx);
      return response;
    },
    runDueJobs,
    async runScheduleUntil(untilMs) {
      const tickMs = TICK_MINUTES * 60_000;
      for (let tick = Math.floor(clock.now() / tickMs + 1) * tickMs; tick <= untilMs; tick += tickMs) {
        clock.advance(tick - clock.now());
        await fireTick(tick);
        await runDueJobs();
      }
      clock.advance(Math.max(0, untilMs - clock.now()));
    },
    fireTick,
    advanceClock: (ms) => clock.advance(ms),
    async dispose() {
      pending.splice(0);
    },
  };
}
