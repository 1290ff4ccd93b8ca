import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readTokens } from '../../src/db/repositories/connections';
import { setMeta } from '../../src/db/repositories/meta';
import { jobsTable } from '../../src/db/schema';
import { JobDeferred } from '../../src/core/errors';
import { STRAVA_OUTAGE_GIVE_UP_MS } from '../../src/strava/api';
import { NOT_FOUND_RETRY_MS } from '../../src/strava/process';
import { accessTokenFor } from '../../src/strava/tokens';
import { ATHLETE_ID, connectThroughApp, event, jobsOfKind, postEvent, runFor, type StravaTestbed, stravaActivities, stravaConnection, SUBSCRIPTION_ID, stravaTestSuite } from './helpers';
import { STRAVA_JOB } from '../../src/core/jobs';
import { STRAVA_SUBSCRIPTION_META } from '../../src/strava/ingest';
import { stravaRuntime } from '../../src/strava/runtime';

const { make } = stravaTestSuite();

let tb: StravaTestbed;

async function connected(): Promise<{ cookie: string }> {
  tb = await make();
  const { cookie } = await connectThroughApp(tb);
  await tb.rt.runner.drain();
  await setMeta(tb.rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), tb.rt.clock.now());
  tb.sim.calls.length = 0;
  return { cookie };
}

function run(id: number, day = '2026-11-19') {
  return { id, start_date: `${day}T07:00:00Z`, start_date_local: `${day}T08:00:00Z` };
}

const fetches = (id: number) => tb.sim.count('GET', new RegExp(`/activities/${id}$`));
/** A 429 whose headers say the 15-minute read window is spent. */
const spent15 = { 'X-RateLimit-Limit': '200,2000', 'X-RateLimit-Usage': '201,640', 'X-ReadRateLimit-Limit': '100,1000', 'X-ReadRateLimit-Usage': '101,540' };
const errors = {
  notFound: { message: 'Record Not Found', errors: [{ resource: 'Activity', field: 'id', code: 'invalid' }] },
  rateLimited: { message: 'Rate Limit Exceeded', errors: [{ resource: 'Application', field: 'rate limit', code: 'exceeded' }] },
};

describe('Strava processing under failure', () => {
  it('retries a 404 right after create once, later, then stores the activity', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6001));
    sim.failNext('GET', /\/activities\/6001$/, { status: 404, body: errors.notFound }, 1);
    await postEvent(rt, event({ object_id: 6001 }));
    await runFor(rt, 25_000);
    expect(fetches(6001)).toBe(1);
    expect(await stravaActivities(rt)).toHaveLength(0);
    const job = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0];
    expect(job?.status).toBe('queued');
    expect(job?.runAtMs).toBe(rt.clock.now() - 5_000 + NOT_FOUND_RETRY_MS[0]);
    await runFor(rt, 11 * 60_000, 10_000);
    expect(fetches(6001)).toBe(2);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['6001']);
  });

  it('an update answered 404 removes the activity at once (no retry for an id Strava does not have)', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6002));
    await postEvent(rt, event({ object_id: 6002 }));
    await runFor(rt, 25_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['6002']);
    // Gone from Strava without a delete event; the next change's fetch keeps answering 404.
    sim.removeActivity(6002);
    await postEvent(rt, event({ object_id: 6002, aspect_type: 'update', event_time: 1_763_650_000, updates: { type: 'Run' } }));
    await runFor(rt, 2 * 3600_000, 60_000);
    expect(fetches(6002)).toBe(1 + 1);
    expect((await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0]?.status).toBe('done');
    expect(await stravaActivities(rt)).toHaveLength(0);
  });

  it('counts its own 404s: 5xx answers in between neither shorten nor reset the not-found back-off', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6003));
    sim.failNext('GET', /\/activities\/6003$/, { status: 502, body: { message: 'Bad Gateway' } }, 3);
    sim.failNext('GET', /\/activities\/6003$/, { status: 404, body: errors.notFound }, 1);
    await postEvent(rt, event({ object_id: 6003 }));
    await runFor(rt, 25_000, 5_000);
    await runFor(rt, 2 * 60_000, 5_000);
    await runFor(rt, 10 * 60_000, 10_000);
    // three 502s waited out (5 s, 10 s, 20 s), then the 404 waits its one retry
    expect(sim.calls.filter((c) => c.path.endsWith('/6003')).map((c) => c.status)).toEqual([502, 502, 502, 404, 200]);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['6003']);
  });

  it('waits out a 30-minute Strava outage: every accepted event’s activity is stored, nothing dead', async () => {
    await connected();
    const { rt, sim } = tb;
    const ids = [6801, 6802, 6803, 6804];
    for (const id of ids) sim.putActivity(ATHLETE_ID, run(id));
    sim.failNext('GET', /\/activities\/\d+$/, { status: 502, body: { message: 'Bad Gateway' } }, 100_000);
    for (const [i, id] of ids.entries()) await postEvent(rt, event({ object_id: id, event_time: 1_763_640_000 + i }));
    await runFor(rt, 30 * 60_000, 10_000);
    expect(await stravaActivities(rt)).toHaveLength(0);
    const during = await jobsOfKind(rt, STRAVA_JOB.fetchActivity);
    expect(during.every((j) => j.status === 'queued' && j.attempts === 0)).toBe(true);
    // Waiting grows to at most 15 minutes between tries: a handful of calls, not a storm.
    expect(fetches(6801)).toBeLessThanOrEqual(12);

    sim.clearFailures();
    await runFor(rt, 20 * 60_000, 10_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId).sort()).toEqual(ids.map(String));
    expect(await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.status, 'dead'))).toHaveLength(0);
  });

  it('gives up on an activity that keeps answering 5xx after a day of waiting: dead-lettered and shown in /healthz/detail', async () => {
    const { cookie } = await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6811));
    sim.failNext('GET', /\/activities\/6811$/, { status: 500, body: { message: 'Internal Server Error', errors: [] } }, 1_000_000);
    await postEvent(rt, event({ object_id: 6811 }));
    await runFor(rt, STRAVA_OUTAGE_GIVE_UP_MS - 3600_000, 15 * 60_000);
    expect((await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0]).toEqual(expect.objectContaining({ status: 'queued', attempts: 0 }));
    await runFor(rt, 4 * 3600_000, 15 * 60_000);
    const job = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0];
    expect(job?.status).toBe('dead');
    expect(job?.lastError).toMatch(/gave up waiting/);
    // at most one try per 15 minutes while waiting, then the job's remaining attempts
    expect(fetches(6811)).toBeLessThanOrEqual(25 * 4 + 10);
    expect(rt.logs.some((l) => l.includes('strava job gave up waiting out an outage'))).toBe(true);
    const health = (await (await rt.request('/healthz/detail', { headers: { cookie } })).json()) as { deadLetters: Array<{ kind: string; lastError: string }> };
    expect(health.deadLetters).toEqual([expect.objectContaining({ kind: STRAVA_JOB.fetchActivity, lastError: expect.stringMatching(/Strava unreachable for 2\d h/) })]);
  });

  it('keeps its 404 count across rate-limit deferrals: alternating 404 and 429 still ends after the configured 404s', async () => {
    await connected();
    const { rt, sim } = tb;
    // never readable (no activity 6821 at Strava): only the 404 back-off can end the job
    for (let i = 0; i < NOT_FOUND_RETRY_MS.length; i++) {
      sim.failNext('GET', /\/activities\/6821$/, { status: 404, body: errors.notFound });
      sim.failNext('GET', /\/activities\/6821$/, { status: 429, body: errors.rateLimited, headers: spent15 });
    }
    await postEvent(rt, event({ object_id: 6821 }));
    await runFor(rt, 4 * 3600_000, 60_000);
    const statuses = sim.calls.filter((c) => c.path.endsWith('/6821')).map((c) => c.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(NOT_FOUND_RETRY_MS.length);
    expect(statuses.filter((s) => s === 404)).toHaveLength(NOT_FOUND_RETRY_MS.length + 1);
    expect((await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0]?.status).toBe('done');
  });

  it('keeps growing the outage back-off across rate-limit deferrals', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6831));
    for (let i = 0; i < 3; i++) {
      sim.failNext('GET', /\/activities\/6831$/, { status: 502, body: { message: 'Bad Gateway' } });
      sim.failNext('GET', /\/activities\/6831$/, { status: 429, body: errors.rateLimited, headers: spent15 });
    }
    await postEvent(rt, event({ object_id: 6831 }));
    await rt.runner.drain();
    // Step from one run of the fetch to the next, noting how long each 502 made it wait.
    const outageWaits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const job = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0];
      if (job?.status !== 'queued') break;
      rt.clock.advance(Math.max(0, job.runAtMs - rt.clock.now()));
      const before = sim.calls.length;
      await rt.runner.drain();
      const call = sim.calls.slice(before).find((c) => c.path.endsWith('/6831'));
      const after = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0];
      if (call?.status === 502 && after) outageWaits.push(after.runAtMs - rt.clock.now());
    }
    expect(outageWaits).toHaveLength(3);
    expect(outageWaits[0]).toBeGreaterThanOrEqual(5_000);
    expect(outageWaits[1]).toBeGreaterThanOrEqual(10_000);
    expect(outageWaits[2]).toBeGreaterThanOrEqual(20_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['6831']);
  });

  it('books no request with the governor when the token refresh fails before anything is sent', async () => {
    await connected();
    const { rt, sim } = tb;
    const before = await stravaRuntime(rt.deps).governor.snapshot();
    const athlete = sim.athletes.get(ATHLETE_ID);
    if (athlete) athlete.refreshToken = 'rotated-away-elsewhere';
    rt.clock.advance(6 * 3600_000);
    await postEvent(rt, event({ object_id: 6901 }));
    await runFor(rt, 25_000);
    expect((await stravaConnection(rt))?.status).toBe('needs_reconsent');
    expect(sim.apiCalls()).toBe(0);
    const after = await stravaRuntime(rt.deps).governor.snapshot();
    // same UTC day, a later 15-minute window: nothing was booked for a request never sent
    expect(after.d).toBe(before.d);
    expect(after.rDay).toBe(before.rDay);
    expect(after.r15).toBe(0);
  });

  it('pauses all work on a 429 until the next quarter hour, then loses nothing', async () => {
    await connected();
    const { rt, sim } = tb;
    for (const id of [6101, 6102, 6103]) sim.putActivity(ATHLETE_ID, run(id));
    sim.failNext('GET', /\/activities\/\d+$/, {
      status: 429,
      body: errors.rateLimited,
      headers: { 'X-RateLimit-Limit': '200,2000', 'X-RateLimit-Usage': '201,640', 'X-ReadRateLimit-Limit': '100,1000', 'X-ReadRateLimit-Usage': '101,540' },
    });
    for (const [i, id] of [6101, 6102, 6103].entries()) await postEvent(rt, event({ object_id: id, event_time: 1_763_640_000 + i }));
    await runFor(rt, 25_000);
    // One request was refused; the governor sent nothing else in this window.
    expect(sim.rateLimited).toBe(1);
    expect(sim.apiCalls()).toBe(1);
    const jobs = await jobsOfKind(rt, STRAVA_JOB.fetchActivity);
    const windowEnd = Date.parse('2026-11-20T12:15:00Z');
    expect(jobs.every((j) => j.status === 'queued' && j.runAtMs >= windowEnd && j.attempts === 0)).toBe(true);
    await runFor(rt, 10 * 60_000, 60_000);
    expect(sim.apiCalls()).toBe(1);
    await runFor(rt, 6 * 60_000, 10_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId).sort()).toEqual(['6101', '6102', '6103']);
    expect(sim.rateLimited).toBe(1);
    const dead = await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.status, 'dead'));
    expect(dead).toHaveLength(0);
  });

  it('waits for UTC midnight when the daily limit is spent', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6201));
    sim.failNext('GET', /\/activities\/6201$/, {
      status: 429,
      body: errors.rateLimited,
      headers: { 'X-RateLimit-Limit': '200,2000', 'X-RateLimit-Usage': '12,2000', 'X-ReadRateLimit-Limit': '100,1000', 'X-ReadRateLimit-Usage': '12,1000' },
    });
    await postEvent(rt, event({ object_id: 6201 }));
    await runFor(rt, 25_000);
    const job = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0];
    expect(job?.runAtMs).toBeGreaterThanOrEqual(Date.parse('2026-11-21T00:00:00Z'));
  });

  it('retries 5xx answers and timeouts', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6301));
    sim.failNext('GET', /\/activities\/6301$/, { status: 502, body: { message: 'Bad Gateway' } });
    sim.failNext('GET', /\/activities\/6301$/, 'timeout');
    sim.failNext('GET', /\/activities\/6301$/, { status: 500, body: { message: 'Internal Server Error', errors: [] } });
    await postEvent(rt, event({ object_id: 6301 }));
    await runFor(rt, 10 * 60_000, 5_000);
    const job = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0];
    expect(job?.status).toBe('done');
    expect(fetches(6301)).toBe(4);
    expect(sim.calls.filter((c) => c.path.endsWith('/6301')).map((c) => c.status)).toEqual([502, 504, 500, 200]);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['6301']);
  });

  it('refreshes an expiring token, persists the rotated refresh token before using the new access token', async () => {
    await connected();
    const { rt, sim } = tb;
    const before = await readTokens(rt.deps.secrets, (await stravaConnection(rt))!);
    sim.putActivity(ATHLETE_ID, run(6401));
    rt.clock.advance(6 * 3600_000);
    await postEvent(rt, event({ object_id: 6401 }));
    await runFor(rt, 25_000);
    expect(sim.count('POST', /\/oauth\/token/)).toBe(1);
    const after = await readTokens(rt.deps.secrets, (await stravaConnection(rt))!);
    const athlete = sim.athletes.get(ATHLETE_ID);
    expect(after?.refreshToken).toBe(athlete?.refreshToken);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).toBe(athlete?.accessToken);
    expect(after?.expiresAtMs).toBe((athlete?.expiresAtS ?? 0) * 1000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['6401']);
  });

  it('refreshes once when two workers need a new token at the same time', async () => {
    await connected();
    const { rt, sim } = tb;
    rt.clock.advance(6 * 3600_000);
    const connection = (await stravaConnection(rt))!;
    const results = await Promise.allSettled([accessTokenFor(rt.deps, connection), accessTokenFor(rt.deps, connection)]);
    expect(sim.count('POST', /\/oauth\/token/)).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(JobDeferred);
    // The waiting worker picks up the new token on its next attempt, without refreshing again.
    const token = await accessTokenFor(rt.deps, connection);
    expect(token).toBe(sim.athletes.get(ATHLETE_ID)?.accessToken);
    expect(sim.count('POST', /\/oauth\/token/)).toBe(1);
  });

  it('refresh refused → connection needs re-consent, job stops, shown to the runner', async () => {
    const { cookie } = await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6501));
    const athlete = sim.athletes.get(ATHLETE_ID);
    if (athlete) athlete.refreshToken = 'rotated-away-elsewhere';
    rt.clock.advance(6 * 3600_000);
    await postEvent(rt, event({ object_id: 6501 }));
    await runFor(rt, 25_000);
    expect(sim.count('POST', /\/oauth\/token/)).toBe(1);
    expect((await stravaConnection(rt))?.status).toBe('needs_reconsent');
    const job = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity))[0];
    expect(job?.status).toBe('dead');
    expect(job?.attempts).toBe(1);
    const me = (await (await rt.request('/api/me/connections', { headers: { cookie } })).json()) as { connections: Array<{ status: string; needsReconsent: boolean; lastError: string }> };
    expect(me.connections[0]).toEqual(expect.objectContaining({ status: 'needs_reconsent', needsReconsent: true }));
    expect(me.connections[0]?.lastError).toMatch(/reconnect/);
    // Reconnecting makes it active again.
    await connectThroughApp(tb);
    expect((await stravaConnection(rt))?.status).toBe('active');
  });

  it('a 401 for a missing scope marks the connection for re-consent', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.failNext('GET', /\/activities\/6601$/, { status: 401, body: { message: 'Authorization Error', errors: [{ resource: 'AccessToken', field: 'activity:read_permission', code: 'missing' }] } });
    await postEvent(rt, event({ object_id: 6601 }));
    await runFor(rt, 25_000);
    expect((await stravaConnection(rt))?.status).toBe('needs_reconsent');
    expect(sim.count('POST', /\/oauth\/token/)).toBe(0);
  });

  it('an access token Strava rejects is refreshed once and the call retried', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, run(6701));
    sim.failNext('GET', /\/activities\/6701$/, { status: 401, body: { message: 'Authorization Error', errors: [{ resource: 'Athlete', field: 'access_token', code: 'invalid' }] } });
    await postEvent(rt, event({ object_id: 6701 }));
    await runFor(rt, 25_000);
    expect(sim.count('POST', /\/oauth\/token/)).toBe(1);
    expect(fetches(6701)).toBe(2);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['6701']);
  });
});
