import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobsTable } from '../../src/db/schema';
import { IntegrationError, JobDeferred } from '../../src/core/errors';
import { backoffMs, claimNextJob, completeJob, queueStats } from '../../src/queue/queue';
import { defineJob, type JobHandlers } from '../../src/queue/runner';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

async function jobRow(r: TestRuntime, key: string) {
  const rows = await r.deps.db.select().from(jobsTable).where(eq(jobsTable.idempotencyKey, key));
  return rows[0];
}

/** A runtime with one counting `burst` job kind and a debounced request for it (key `b`, 5 s). */
async function burstRuntime() {
  const counter = { runs: 0 };
  const handlers: JobHandlers = { burst: defineJob(z.object({}), async () => void counter.runs++) };
  const r = await makeTestRuntime({ handlers });
  const request = () => r.deps.jobs.enqueueOrPostpone({ kind: 'burst', payload: {}, idempotencyKey: 'b', runAtMs: r.clock.now() + 5_000 });
  return { r, counter, request };
}

describe('job runner', () => {
  it('enqueue is idempotent on the key', async () => {
    rt = await makeTestRuntime({ handlers: {} });
    expect(await rt.deps.jobs.enqueue({ kind: 'x', payload: {}, idempotencyKey: 'k1' })).toBe(true);
    expect(await rt.deps.jobs.enqueue({ kind: 'x', payload: {}, idempotencyKey: 'k1' })).toBe(false);
    expect((await queueStats(rt.deps.db, rt.clock.now())).queued).toBe(1);
  });

  it('retries a failing job with growing backoff, then succeeds', async () => {
    let calls = 0;
    const handlers: JobHandlers = {
      flaky: defineJob(z.object({ n: z.number() }), async () => {
        calls++;
        if (calls < 3) throw new Error(`boom ${calls}`);
      }),
    };
    rt = await makeTestRuntime({ handlers, env: { JOB_MAX_ATTEMPTS: '5' } });
    await rt.deps.jobs.enqueue({ kind: 'flaky', payload: { n: 1 }, idempotencyKey: 'f1' });

    expect(await rt.runner.drain()).toBe(1);
    const afterFirst = await jobRow(rt, 'f1');
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1, lastError: 'boom 1' });
    const firstDelay = afterFirst!.runAtMs - rt.clock.now();
    expect(firstDelay).toBeGreaterThan(0);
    expect(firstDelay).toBeLessThanOrEqual(2_000);
    // not due yet: nothing runs
    expect(await rt.runner.drain()).toBe(0);

    rt.clock.advance(firstDelay);
    expect(await rt.runner.drain()).toBe(1);
    const afterSecond = await jobRow(rt, 'f1');
    expect(afterSecond).toMatchObject({ status: 'queued', attempts: 2, lastError: 'boom 2' });

    rt.clock.advance(afterSecond!.runAtMs - rt.clock.now());
    expect(await rt.runner.drain()).toBe(1);
    expect(await jobRow(rt, 'f1')).toMatchObject({ status: 'done', attempts: 3, lastError: null });
    expect(calls).toBe(3);
  });

  it('backoff is full jitter: uniform between 0 and a step that doubles from 2 s, capped at 30 min', () => {
    const at = (r: number) => () => r;
    // the whole window, from (almost) nothing to the full step: equal jitter never waits less than half
    expect(backoffMs(1, at(0))).toBe(1);
    expect(backoffMs(1, at(0.25))).toBe(500);
    expect(backoffMs(1, at(0.5))).toBe(1_000);
    expect(backoffMs(1, at(0.999_999_9))).toBe(2_000);
    expect(backoffMs(2, at(0.25))).toBe(1_000);
    expect(backoffMs(5, at(0.999_999_9))).toBe(32_000);
    expect(backoffMs(30, at(0.999_999_9))).toBe(30 * 60_000);
    expect(backoffMs(30, at(0.1))).toBe(3 * 60_000);
    // uniform: the mean of many draws is half the step (equal jitter's would be three quarters)
    const draws = Array.from({ length: 20_000 }, () => backoffMs(4));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(16_000 * 0.45);
    expect(mean).toBeLessThan(16_000 * 0.55);
    expect(Math.min(...draws)).toBeLessThan(16_000 * 0.1);
  });

  it('dead-letters after the configured attempts and shows it in /healthz/detail', async () => {
    const handlers: JobHandlers = {
      doomed: defineJob(z.object({}), async () => {
        throw new Error('upstream says no');
      }),
    };
    rt = await makeTestRuntime({ handlers, env: { JOB_MAX_ATTEMPTS: '3' } });
    await rt.deps.jobs.enqueue({ kind: 'doomed', payload: {}, idempotencyKey: 'd1' });
    for (let i = 0; i < 3; i++) {
      await rt.runner.drain();
      rt.clock.advance(60 * 60_000);
    }
    expect(await jobRow(rt, 'd1')).toMatchObject({ status: 'dead', attempts: 3, lastError: 'upstream says no' });
    expect(await rt.runner.drain()).toBe(0);
    expect(rt.logs.some((l) => l.includes('job dead-lettered'))).toBe(true);

    // The detail is the server owner's (the first account).
    const { cookie } = await signedInUser(rt);
    const res = await rt.request('/healthz/detail', { headers: { cookie } });
    const body = (await res.json()) as { jobs: { dead: number }; deadLetters: Array<{ kind: string; lastError: string }> };
    expect(body.jobs.dead).toBe(1);
    expect(body.deadLetters[0]).toMatchObject({ kind: 'doomed', lastError: 'upstream says no' });
  });

  it('stops at once on a non-retryable integration error, and honours retryAtMs', async () => {
    const handlers: JobHandlers = {
      gone: defineJob(z.object({}), async () => {
        throw new IntegrationError('NOT_FOUND', 'activity gone', { retryable: false });
      }),
      limited: defineJob(z.object({}), async (_payload, { deps }) => {
        throw new IntegrationError('RATE_LIMITED', 'wait', { retryable: true, retryAtMs: deps.clock.now() + 900_000 });
      }),
    };
    rt = await makeTestRuntime({ handlers });
    await rt.deps.jobs.enqueue({ kind: 'gone', payload: {}, idempotencyKey: 'g' });
    await rt.deps.jobs.enqueue({ kind: 'limited', payload: {}, idempotencyKey: 'l' });
    await rt.runner.drain();
    expect(await jobRow(rt, 'g')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(await jobRow(rt, 'l')).toMatchObject({ status: 'queued', runAtMs: rt.clock.now() + 900_000 });
  });

  it('a deferred job does not spend an attempt', async () => {
    let runs = 0;
    const handlers: JobHandlers = {
      later: defineJob(z.object({}), async (_p, { deps }) => {
        runs++;
        if (runs === 1) throw new JobDeferred(deps.clock.now() + 10_000, 'budget spent');
      }),
    };
    rt = await makeTestRuntime({ handlers });
    await rt.deps.jobs.enqueue({ kind: 'later', payload: {}, idempotencyKey: 'later' });
    await rt.runner.drain();
    expect(await jobRow(rt, 'later')).toMatchObject({ status: 'queued', attempts: 0, lastError: 'budget spent' });
    rt.clock.advance(10_000);
    await rt.runner.drain();
    expect(await jobRow(rt, 'later')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('rejects a payload that does not match the handler schema without retrying', async () => {
    const handlers: JobHandlers = { typed: defineJob(z.object({ userId: z.string() }), async () => {}) };
    rt = await makeTestRuntime({ handlers });
    await rt.deps.jobs.enqueue({ kind: 'typed', payload: { userId: 7 }, idempotencyKey: 't' });
    await rt.runner.drain();
    expect(await jobRow(rt, 't')).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await jobRow(rt, 't'))!.lastError).toMatch(/invalid payload: userId/);
  });

  it('claims each job once even when two workers poll together, and runs higher priority first', async () => {
    rt = await makeTestRuntime({ handlers: {} });
    await rt.deps.jobs.enqueue({ kind: 'a', payload: {}, idempotencyKey: 'low', priority: 80 });
    await rt.deps.jobs.enqueue({ kind: 'a', payload: {}, idempotencyKey: 'high', priority: 10 });
    const [one, two, three] = await Promise.all([
      claimNextJob(rt.deps.db, 'w1', rt.clock.now(), 1_000),
      claimNextJob(rt.deps.db, 'w2', rt.clock.now(), 1_000),
      claimNextJob(rt.deps.db, 'w3', rt.clock.now(), 1_000),
    ]);
    expect(one?.idempotencyKey).toBe('high');
    expect(two?.idempotencyKey).toBe('low');
    expect(three).toBeUndefined();
    // an expired lease makes the job claimable again
    rt.clock.advance(1_001);
    const again = await claimNextJob(rt.deps.db, 'w4', rt.clock.now(), 1_000);
    expect(again?.leaseOwner).toBe('w4');
    expect(again?.attempts).toBe(2);
  });

  it('postponing collapses a burst into one run', async () => {
    let runs = 0;
    const handlers: JobHandlers = { burst: defineJob(z.object({}), async () => void runs++) };
    rt = await makeTestRuntime({ handlers });
    for (let i = 0; i < 5; i++) {
      await rt.deps.jobs.enqueueOrPostpone({ kind: 'burst', payload: {}, idempotencyKey: 'b', runAtMs: rt.clock.now() + 5_000 });
      rt.clock.advance(1_000);
    }
    expect(await rt.runner.drain()).toBe(0);
    rt.clock.advance(5_000);
    expect(await rt.runner.drain()).toBe(1);
    expect(runs).toBe(1);
    // after it ran, a new request re-arms the same job
    await rt.deps.jobs.enqueueOrPostpone({ kind: 'burst', payload: {}, idempotencyKey: 'b', runAtMs: rt.clock.now() });
    expect(await rt.runner.drain()).toBe(1);
    expect(runs).toBe(2);
  });

  it('requests that arrive while the job runs collapse into one follow-up run', async () => {
    const { r, counter, request } = await burstRuntime();
    rt = r;
    await request();
    rt.clock.advance(5_000);
    const running = await claimNextJob(rt.deps.db, 'other-worker', rt.clock.now(), 60_000);
    expect(running?.idempotencyKey).toBe('b');
    for (let i = 0; i < 5; i++) {
      await request();
      rt.clock.advance(10);
    }
    const keys = (await rt.deps.db.select().from(jobsTable)).map((j) => `${j.idempotencyKey}:${j.status}`).sort();
    expect(keys).toEqual(['b#next:queued', 'b:running']);
    rt.clock.advance(5_000);
    // the follow-up waits while the base still runs …
    expect(await rt.runner.drain()).toBe(0);
    // … and runs once the base has finished
    await completeJob(rt.deps.db, running!, rt.clock.now());
    expect(await rt.runner.drain()).toBe(1);
    expect(counter.runs).toBe(1);
  });

  it('a request after the base finished, while its follow-up waits, postpones the follow-up instead of re-arming the base', async () => {
    const { r, counter, request } = await burstRuntime();
    rt = r;
    await request();
    rt.clock.advance(5_000);
    const base = await claimNextJob(rt.deps.db, 'w1', rt.clock.now(), 60_000);
    await request(); // while the base runs: the follow-up is queued
    await completeJob(rt.deps.db, base!, rt.clock.now());
    await request(); // the base is done, the follow-up still waits
    const states = (await rt.deps.db.select().from(jobsTable)).map((j) => `${j.idempotencyKey}:${j.status}`).sort();
    expect(states).toEqual(['b#next:queued', 'b:done']);
    rt.clock.advance(5_000);
    expect(await rt.runner.drain()).toBe(1);
    expect(counter.runs).toBe(1);
  });

  it('never starts a job while another member of its family runs', async () => {
    rt = await makeTestRuntime({ handlers: {} });
    await rt.deps.jobs.enqueue({ kind: 'x', payload: {}, idempotencyKey: 'fam#next' });
    const follow = await claimNextJob(rt.deps.db, 'w1', rt.clock.now(), 60_000);
    expect(follow?.idempotencyKey).toBe('fam#next');
    await rt.deps.jobs.enqueue({ kind: 'x', payload: {}, idempotencyKey: 'fam' });
    await rt.deps.jobs.enqueue({ kind: 'x', payload: {}, idempotencyKey: 'other' });
    const claimed = await claimNextJob(rt.deps.db, 'w2', rt.clock.now(), 60_000);
    expect(claimed?.idempotencyKey).toBe('other');
    expect(await claimNextJob(rt.deps.db, 'w3', rt.clock.now(), 60_000)).toBeUndefined();
    await completeJob(rt.deps.db, follow!, rt.clock.now());
    expect((await claimNextJob(rt.deps.db, 'w3', rt.clock.now(), 60_000))?.idempotencyKey).toBe('fam');
  });

  it('two requests racing each other still leave one waiting run', async () => {
    const { r, counter, request } = await burstRuntime();
    rt = r;
    await request();
    rt.clock.advance(5_000);
    expect(await rt.runner.drain()).toBe(1); // the base is done
    await Promise.all([request(), request(), request()]);
    const waiting = (await rt.deps.db.select().from(jobsTable)).filter((j) => j.status === 'queued');
    expect(waiting).toHaveLength(1);
    rt.clock.advance(5_000);
    expect(await rt.runner.drain()).toBe(1);
    expect(counter.runs).toBe(2);
  });

  it("keeps a handler's retry counters across deferrals and failed attempts, and resets them on re-arm", async () => {
    const seen: Array<Record<string, number>> = [];
    const handlers: JobHandlers = {
      counting: defineJob(z.object({}), async (_p, ctx) => {
        seen.push(ctx.retryState);
        const outages = (ctx.retryState['outages'] ?? 0) + 1;
        await ctx.setRetryState({ outages });
        if (outages === 1) throw new JobDeferred(ctx.deps.clock.now() + 1_000, 'upstream down');
        if (outages === 2) throw new Error('flaky');
      }),
    };
    rt = await makeTestRuntime({ handlers });
    await rt.deps.jobs.enqueueOrPostpone({ kind: 'counting', payload: {}, idempotencyKey: 'c', runAtMs: rt.clock.now() });
    for (let i = 0; i < 3; i++) {
      await rt.runner.drain();
      rt.clock.advance(60_000);
    }
    expect(seen).toEqual([{}, { outages: 1 }, { outages: 2 }]);
    await rt.deps.jobs.enqueueOrPostpone({ kind: 'counting', payload: {}, idempotencyKey: 'c', runAtMs: rt.clock.now() });
    await rt.runner.drain();
    expect(seen.at(-1)).toEqual({});
  });

  it('the polling runner picks up work when woken, without sleeping in the test', async () => {
    const handlers: JobHandlers = { ping: defineJob(z.object({}), async () => {}) };
    rt = await makeTestRuntime({ handlers });
    rt.runner.start();
    const settled = rt.runner.nextSettled();
    await rt.deps.jobs.enqueue({ kind: 'ping', payload: {}, idempotencyKey: 'p' });
    const { job, outcome } = await settled;
    expect(job.idempotencyKey).toBe('p');
    expect(outcome).toBe('done');
  });
});

describe('worker start-up', () => {
  it('enqueues the repair tasks (webhook inbox sweep, new-day replan) once per start', async () => {
    rt = await makeTestRuntime({ handlers: {} });
    await rt.enqueueStartupTasks();
    const kinds = (await rt.deps.db.select().from(jobsTable)).map((j) => j.kind).sort();
    expect(kinds).toEqual(['garmin.inbox.sweep', 'plan.replan-due', 'strava.inbox.sweep', 'strava.reconcile.sweep']);
  });
});

describe('maintenance', () => {
  it('purges old finished jobs and handled webhook events, and keeps pending ones', async () => {
    const { allJobHandlers } = await import('../../src/app/jobs');
    const { webhookInboxTable } = await import('../../src/db/schema');
    rt = await makeTestRuntime({ handlers: allJobHandlers() });
    const old = rt.clock.now() - 30 * 24 * 3600_000;
    await rt.deps.db.insert(webhookInboxTable).values([
      { provider: 'strava', dedupeKey: 'old-processed', payload: {}, receivedAtMs: old, status: 'processed' },
      { provider: 'strava', dedupeKey: 'old-dropped', payload: {}, receivedAtMs: old, status: 'dropped' },
      { provider: 'strava', dedupeKey: 'old-pending', payload: {}, receivedAtMs: old, status: 'pending' },
      { provider: 'strava', dedupeKey: 'recent-processed', payload: {}, receivedAtMs: rt.clock.now() - 3600_000, status: 'processed' },
    ]);
    await rt.deps.jobs.enqueue({ kind: 'maintenance.purge', payload: {}, idempotencyKey: 'm1' });
    await rt.runner.drain();
    const left = (await rt.deps.db.select().from(webhookInboxTable)).map((r) => r.dedupeKey).sort();
    expect(left).toEqual(['old-pending', 'recent-processed']);
  });
});
