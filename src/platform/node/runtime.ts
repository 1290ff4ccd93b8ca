/**
 * Build the Node runtime: config → database → deps → app, runner and scheduler.
 * Used by the CLI entry and by tests that need the real thing in-process.
 */
import { hostname } from 'node:os';
import cron, { type ScheduledTask as CronTask } from 'node-cron';
import { createApp } from '../../app/create-app';
import { type Config, parseConfig } from '../../core/config';
import { createSecrets } from '../../core/crypto';
import type { AppDeps, OpenDeps } from '../../deps';
import { allJobHandlers } from '../../app/jobs';
import { createJobQueue } from '../../queue/port';
import { createJobRunner, type JobHandlers, type JobRunner } from '../../queue/runner';
import { scheduledTasks } from '../../app/schedule';
import { createLogger, type Logger } from '../../core/log';
import { type OpenedDatabase, openDatabase } from './sqlite';
import { resolveSecretKey } from './secret-key';
import { createOutboundFetch } from './outbound-fetch';
import { type Clock, systemClock } from '../../core/ports/clock';
import { nodeAssetSource } from './assets';

export interface NodeRuntime {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  runner: JobRunner;
  database: OpenedDatabase;
  startScheduler(): void;
  /** Enqueue the tasks marked `atStart` (inbox sweep, new-day replan): repairs after a crash. */
  enqueueStartupTasks(): Promise<void>;
  stopScheduler(): Promise<void>;
}

export interface RuntimeOverrides {
  logger?: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  /** fetch for runner-supplied URLs (default: resolve and refuse private addresses) */
  outboundFetch?: typeof fetch;
  handlers?: JobHandlers;
}

export async function createNodeRuntime(env: Record<string, string | undefined>, overrides: RuntimeOverrides = {}): Promise<NodeRuntime> {
  const parsed = parseConfig(env);
  const logger = overrides.logger ?? createLogger(parsed.LOG_LEVEL);
  const config: Config = { ...parsed, SECRET_KEY: resolveSecretKey(parsed.SECRET_KEY, { dataDir: parsed.DATA_DIR, databasePath: parsed.DATABASE_PATH }, logger) };
  const database = openDatabase(config.DATABASE_PATH);
  const clock = overrides.clock ?? systemClock;
  let wake = () => {};
  const deps: AppDeps = {
    db: database.db,
    config,
    secrets: await createSecrets(config.SECRET_KEY),
    logger,
    clock,
    fetch: overrides.fetch ?? ((input, init) => fetch(input, init)),
    outboundFetch: overrides.outboundFetch ?? (overrides.fetch ? undefined : createOutboundFetch({ allowPrivate: config.OUTBOUND_ALLOW_PRIVATE })),
    jobs: createJobQueue(database.db, clock, config.JOB_MAX_ATTEMPTS, () => wake()),
    assets: nodeAssetSource(),
  };
  const runner = createJobRunner(deps, overrides.handlers ?? allJobHandlers(), {
    owner: `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`,
    leaseMs: config.JOB_LEASE_MS,
    pollMs: config.JOB_POLL_MS,
    concurrency: config.JOB_CONCURRENCY,
  });
  wake = () => runner.wake();
  const tasks: CronTask[] = [];
  return {
    deps,
    app: createApp(deps),
    runner,
    database,
    startScheduler() {
      for (const task of scheduledTasks) {
        tasks.push(
          cron.schedule(task.cron, () => {
            void deps.jobs.enqueue(task.job(clock.now())).catch((error: unknown) => logger.error('scheduled enqueue failed', { task: task.name, error }));
          }, { name: task.name, timezone: 'UTC' }),
        );
      }
    },
    async enqueueStartupTasks() {
      for (const task of scheduledTasks) {
        if (task.atStart) await deps.jobs.enqueue({ ...task.job(clock.now()), idempotencyKey: `start:${task.name}:${clock.now()}` });
      }
    },
    async stopScheduler() {
      await Promise.all(tasks.map((t) => t.stop()));
    },
  };
}

/** Deps for a one-off CLI command on the embedded database (no scheduler, no runner). */
export function openDepsFrom(env: Record<string, string | undefined>): OpenDeps {
  return async () => {
    const runtime = await createNodeRuntime({ ...env, SCHEDULER_ENABLED: 'false' });
    return { deps: runtime.deps, close: () => runtime.database.close() };
  };
}
