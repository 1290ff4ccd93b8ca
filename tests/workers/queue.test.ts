/**
 * The job queue on Workers: jobs in D1 (the same SQL as Node), Queues carrying wake-ups with a
 * delivery delay; retries, rate-limit deferrals (no attempt spent), dead letters, cron dispatch,
 * concurrent consumers, and the deployed entry itself.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { JobDeferred } from '../../src/core/errors';
import { GARMIN_JOB, STRAVA_JOB } from '../../src/core/jobs';
import { defineJob, type JobHandlers } from '../../src/queue/runner';
import { MAX_DELAY_SECONDS } from '../../src/platform/workers/job-queue';
import { createWorker } from '../../src/platform/workers/worker';
import { manualClock } from '../scenarios/driver';
import { makeWorkersDriver, QUEUE_NAME, testEnv } from './driver';

interface JobRowLite {
  kind: string;
  status: string;
  attempts: number;
  run_at_ms: number;
  last_error: string | null;
}

async function jobs(db: D1Database, kind?: string): Promise<JobRowLite[]> {
  const stmt = kind ? db.prepare('select kind, status, attempts, run_at_ms, last_error from jobs where kind = ? order by id').bind(kind) : db.prepare('select kind, status, attempts, run_at_ms, last_error from jobs order by id');
  return (await stmt.all<JobRowLite>()).results;
}

function recordingHandlers(log: string[], behaviour: (n: number) => 'ok' | 'fail' | 'defer', now: () => number): JobHandlers {
  let n = 0;
  return {
    'test.job': defineJob(z.object({ tag: z.string() }), async ({ tag }) => {
      n++;
      const b = behaviour(n);
      log.push(`${tag}:${b}`);
      if (b === 'fail') throw new Error('upstream broke');
      if (b === 'defer') throw new JobDeferred(now() + 120_000, 'rate limit: not before the next quarter');
    }),
  };
}

/** Enqueue through the app's own port, inside a fetch-like invocation. */
async function enqueue(d: Awaited<ReturnType<typeof makeWorkersDriver>>, input: { key: string; runAtMs?: number; maxAttempts?: number }) {
  const { createWorkerRuntime } = await import('../../src/platform/workers/runtime');
  const ctx = createExecutionContext();
  const queue = { send: async (body: Parameters<typeof d.pending.push>[0]['body'], options?: { delaySeconds?: number }) => {
    const delaySeconds = options?.delaySeconds ?? 0;
    const wake = { body, delaySeconds, visibleAtMs: d.clock.now() + delaySeconds * 1000 };
    d.pending.push(wake);
    d.sent.push(wake);
  } };
  const rt = await createWorkerRuntime(d.env, ctx, { clock: d.clock, queue });
  return rt.deps.jobs.enqueue({ kind: 'test.job', payload: { tag: input.key }, idempotencyKey: input.key, ...(input.runAtMs ? { runAtMs: input.runAtMs } : {}), ...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {}) });
}

describe('the job queue on Workers', () => {
  it('delivers a delayed job with the queue delay, once, and an idempotency key queues it once', async () => {
    const clock = manualClock();
    const log: string[] = [];
    const d = await makeWorkersDriver({ clock, handlers: recordingHandlers(log, () => 'ok', clock.now) });
    expect(await enqueue(d, { key: 'a', runAtMs: clock.now() + 90_000 })).toBe(true);
    expect(await enqueue(d, { key: 'a', runAtMs: clock.now() + 90_000 })).toBe(false);
    expect(d.sent.map((w) => w.delaySeconds)).toEqual([90]);
    await d.runDueJobs();
    expect(log).toEqual([]);
    d.advanceClock(90_000);
    await d.runDueJobs();
    expect(log).toEqual(['a:ok']);
    expect((await jobs(d.db, 'test.job')).map((j) => j.status)).toEqual(['done']);
  });

  it('re-sends a rate-limit deferral with its delay without spending an attempt, and retries failures with backoff', async () => {
    const clock = manualClock();
    const log: string[] = [];
    const d = await makeWorkersDriver({ clock, handlers: recordingHandlers(log, (n) => (n <= 2 ? 'defer' : n === 3 ? 'fail' : 'ok'), clock.now) });
    await enqueue(d, { key: 'b', maxAttempts: 2 });
    await d.runDueJobs();
    let [row] = await jobs(d.db, 'test.job');
    expect(row).toMatchObject({ status: 'queued', attempts: 0, last_error: 'rate limit: not before the next quarter' });
    expect(d.pending.map((w) => w.delaySeconds)).toEqual([120]);
    d.advanceClock(120_000);
    await d.runDueJobs();
    d.advanceClock(120_000);
    await d.runDueJobs();
    [row] = await jobs(d.db, 'test.job');
    // two deferrals cost nothing; the failure spent the first of two attempts
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'upstream broke' });
    const retry = d.pending.at(-1)!;
    expect(retry.delaySeconds).toBeGreaterThanOrEqual(1);
    expect(retry.delaySeconds).toBeLessThanOrEqual(2);
    d.advanceClock(2_000);
    await d.runDueJobs();
    expect(log).toEqual(['b:defer', 'b:defer', 'b:fail', 'b:ok']);
    expect((await jobs(d.db, 'test.job'))[0]).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('dead-letters a job out of attempts in D1, where /healthz/detail shows it', async () => {
    const clock = manualClock();
    const d = await makeWorkersDriver({ clock, handlers: recordingHandlers([], () => 'fail', clock.now) });
    await enqueue(d, { key: 'c', maxAttempts: 1 });
    await d.runDueJobs();
    expect((await jobs(d.db, 'test.job'))[0]).toMatchObject({ status: 'dead', attempts: 1 });
    // the health detail is the owner's: the first account signs up, then reads it
    const signup = await d.request('/api/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@example.com', password: 'a long enough passphrase' }) });
    expect(signup.status).toBe(201);
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await d.request('/healthz/detail')).status).toBe(401);
    const detail = (await (await d.request('/healthz/detail', { headers: { cookie } })).json()) as { jobs: { dead: number }; deadLetters: Array<{ kind: string; lastError: string }> };
    expect(detail.jobs.dead).toBe(1);
    expect(detail.deadLetters[0]).toMatchObject({ kind: 'test.job', lastError: 'upstream broke' });
  });

  it('caps a delay at 12 hours and sends the rest on when the early wake-up arrives', async () => {
    const clock = manualClock();
    const log: string[] = [];
    const d = await makeWorkersDriver({ clock, handlers: recordingHandlers(log, () => 'ok', clock.now) });
    await enqueue(d, { key: 'late', runAtMs: clock.now() + 20 * 3_600_000 });
    expect(d.sent[0]?.delaySeconds).toBe(MAX_DELAY_SECONDS);
    d.advanceClock(12 * 3_600_000);
    await d.runDueJobs();
    expect(log).toEqual([]);
    expect(d.pending.map((w) => w.delaySeconds)).toEqual([8 * 3600]);
    d.advanceClock(8 * 3_600_000);
    await d.runDueJobs();
    expect(log).toEqual(['late:ok']);
  });

  it('runs each job once when two consumers drain the same queue at the same time', async () => {
    const clock = manualClock();
    const log: string[] = [];
    const d = await makeWorkersDriver({ clock, handlers: recordingHandlers(log, () => 'ok', clock.now) });
    for (const key of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) await enqueue(d, { key });
    const consume = async () => {
      const ctx = createExecutionContext();
      await d.worker.queue(createMessageBatch(QUEUE_NAME, [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { v: 1, dueAtMs: clock.now(), reason: 'test' } }]), d.env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await Promise.all([consume(), consume(), consume()]);
    expect(log.sort()).toEqual(['p1:ok', 'p2:ok', 'p3:ok', 'p4:ok', 'p5:ok', 'p6:ok']);
  });

  it('runs the tasks due since the previous tick on the one Cron Trigger, once per slot, and wakes the queue', async () => {
    const clock = manualClock('2026-11-20T12:15:00Z');
    const d = await makeWorkersDriver({ clock });
    await d.fireTick(clock.now());
    // 12:15 UTC: the 15-minute token refresh and the 5-minute inbox sweeps; nothing hourly
    expect((await jobs(d.db)).map((j) => j.kind).sort()).toEqual([STRAVA_JOB.inboxSweep, GARMIN_JOB.inboxSweep, STRAVA_JOB.refreshSweep].sort());
    expect(d.sent.at(-1)?.body.reason).toBe('cron 2026-11-20T12:15:00.000Z');
    // a second delivery of the same tick is a no-op (the keys name the slot)
    await d.fireTick(clock.now());
    expect(await jobs(d.db)).toHaveLength(3);
    // 12:25 covers 12:21..12:25: the 4-hourly reconciliation declared for minute 23 runs now
    clock.advance(10 * 60_000);
    await d.fireTick(clock.now());
    expect((await jobs(d.db)).map((j) => j.kind)).toContain(STRAVA_JOB.reconcileSweep);
  });

  it('acknowledges dead-lettered wake-ups (the jobs stay in D1 for the cron to pick up)', async () => {
    const worker = createWorker({ clock: manualClock() });
    const ctx = createExecutionContext();
    const batch = createMessageBatch(`${QUEUE_NAME}-dlq`, [{ id: 'x', timestamp: new Date(), attempts: 6, body: { v: 1, dueAtMs: 0, reason: 'wake' } }]);
    await worker.queue(batch, { ...testEnv, LOG_LEVEL: 'silent' }, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.ackAll).toBe(true);
    expect(result.retryBatch.retry).toBe(false);
  });

  it('serves the deployed entry: health over D1, and 404 JSON for an unknown route', async () => {
    const health = await SELF.fetch('http://hardday.test/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const missing = await SELF.fetch('http://hardday.test/nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
