/**
 * @module platform/workers/runtime
 * Build the same `AppDeps`, app and job runner as Node, from the Worker's bindings: D1 through
 * drizzle-orm/d1, config from the string variables and secrets (the one zod schema), the jobs
 * queue over D1 plus Queues wake-ups.
 *
 * Deps are built per invocation (one drizzle wrapper around the same D1 binding): Workers forbid
 * sharing I/O between requests, and a per-database cache (the webhook's group commit, prepared
 * statements) must therefore not outlive its request. What is pure is cached per isolate: the
 * parsed config and the derived crypto keys.
 */
import { drizzle } from 'drizzle-orm/d1';
import type { createApp } from '../../app/create-app';
import { type Config, parseConfig } from '../../core/config';
import { createSecrets, type Secrets } from '../../core/crypto';
import { createLogger, type Logger } from '../../core/log';
import { type Clock, systemClock } from '../../core/ports/clock';
import type { Db } from '../../db/client';
import * as schema from '../../db/schema';
import type { AppDeps } from '../../deps';
import { createJobRunner, type JobHandlers, type JobRunner } from '../../queue/runner';
import { stringVariables, type QueueSender, type WaitUntil, type WorkerEnv } from './bindings';
import { createWorkersJobQueue } from './job-queue';
import { workersAssetSource } from './assets';
import { webdavFetch } from './webdav-fetch';

export interface WorkerOverrides {
  clock?: Clock;
  logger?: Logger;
  fetch?: typeof fetch;
  handlers?: JobHandlers;
  /** replaces `env.JOBS` (tests deliver the wake-ups themselves) */
  queue?: QueueSender;
}

export interface WorkerRuntime {
  deps: AppDeps;
  /** the HTTP app (its routes load on the first request of the isolate) */
  app(): Promise<ReturnType<typeof createApp>>;
  /** the job runner (the handlers load on the first queue batch of the isolate) */
  runner(): Promise<JobRunner>;
  queue: QueueSender;
  /** ids of jobs this invocation put back in the queue (retry, deferral) */
  requeued: Set<number>;
}

const configs = new WeakMap<object, Config>();
const secretsByKey = new Map<string, Promise<Secrets>>();

/** Parse (once per env object) and require SECRET_KEY: a Worker has no disk to keep one on. */
export function workerConfig(env: WorkerEnv): Config {
  const cached = configs.get(env);
  if (cached) return cached;
  const parsed = parseConfig(stringVariables(env));
  if (!parsed.SECRET_KEY) throw new Error('SECRET_KEY is not set: `wrangler secret put SECRET_KEY` (see the README, "Hosted: Cloudflare Workers + D1")');
  const config: Config = { ...parsed, SECRET_KEY: parsed.SECRET_KEY };
  configs.set(env, config);
  return config;
}

function secretsFor(key: string): Promise<Secrets> {
  let s = secretsByKey.get(key);
  if (!s) {
    s = createSecrets(key);
    secretsByKey.set(key, s);
  }
  return s;
}

export async function createWorkerRuntime(env: WorkerEnv, ctx: WaitUntil, overrides: WorkerOverrides = {}): Promise<WorkerRuntime> {
  const config = workerConfig(env);
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const queue = overrides.queue ?? env.JOBS;
  const db = drizzle(env.DB, { schema }) as unknown as Db;
  const requeued = new Set<number>();
  const deps: AppDeps = {
    db,
    config,
    secrets: await secretsFor(config.SECRET_KEY),
    logger,
    clock,
    fetch: overrides.fetch ?? ((input, init) => fetch(input, init)),
    // runner-supplied servers (CalDAV): workerd cannot send MKCALENDAR (webdav-fetch.ts)
    outboundFetch: webdavFetch(overrides.fetch ?? ((input, init) => fetch(input, init))),
    jobs: createWorkersJobQueue(db, clock, config.JOB_MAX_ATTEMPTS, queue, ctx),
    assets: workersAssetSource(env.ASSETS),
  };
  const runner = async () =>
    createJobRunner(deps, overrides.handlers ?? (await import('../../app/jobs')).allJobHandlers(), {
      owner: `worker:${crypto.randomUUID().slice(0, 8)}`,
      leaseMs: config.JOB_LEASE_MS,
      pollMs: config.JOB_POLL_MS,
      concurrency: 1,
      onSettled(job, outcome) {
        if (outcome === 'retry' || outcome === 'deferred') requeued.add(job.id);
      },
    });
  // Loaded on demand: a queue batch needs no routes and a request no job handlers, and each
  // module graph costs its evaluation time on a cold isolate.
  const app = async () => (await import('../../app/create-app')).createApp(deps);
  return { deps, app, runner, queue, requeued };
}
