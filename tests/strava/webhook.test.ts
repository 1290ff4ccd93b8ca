import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readTokens } from '../../src/db/repositories/connections';
import { setMeta } from '../../src/db/repositories/meta';
import { auditLogTable, daysTable, jobsTable, webhookInboxTable } from '../../src/db/schema';
import { JOB, STRAVA_JOB } from '../../src/core/jobs';
import { STRAVA_SUBSCRIPTION_META, sweepStravaInbox } from '../../src/strava/ingest';
import {
  ATHLETE_ID,
  connectThroughApp,
  event,
  inboxRows,
  jobsOfKind,
  postEvent,
  runFor,
  type StravaTestbed,
  stravaActivities,
  stravaConnection,
  SUBSCRIPTION_ID,
  stravaTestSuite,
} from './helpers';

const { make } = stravaTestSuite();

let tb: StravaTestbed;

/** A connected athlete whose backfill already ran, and the subscription id stored. */
async function connected(env: Record<string, string> = {}): Promise<StravaTestbed> {
  tb = await make(env);
  await connectThroughApp(tb);
  await tb.rt.runner.drain();
  await setMeta(tb.rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), tb.rt.clock.now());
  tb.sim.calls.length = 0;
  return tb;
}

const activityFetches = (t: StravaTestbed, id: number | string) => t.sim.count('GET', new RegExp(`/activities/${id}$`));

describe('Strava webhook handshake', () => {
  it('echoes hub.challenge as JSON when the verify token matches', async () => {
    tb = await make();
    const res = await tb.rt.request('/webhooks/strava?hub.mode=subscribe&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3&hub.verify_token=verify-token-0123');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.text()).toBe('{"hub.challenge":"15f7d1a91c1f40f8a748fd134752feb3"}');
  });

  it('refuses a wrong verify token with 403', async () => {
    tb = await make();
    const res = await tb.rt.request('/webhooks/strava?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=nope-nope-nope');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });
});

describe('Strava webhook events', () => {
  it('rejects a malformed body with a 400 JSON error and stores nothing', async () => {
    await connected();
    for (const body of ['{not json', JSON.stringify({ object_type: 'activity' }), JSON.stringify(event({ aspect_type: 'explode' }))]) {
      const res = await postEvent(tb.rt, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    }
    expect(await inboxRows(tb.rt)).toHaveLength(0);
  });

  it('drops another subscription id with the same 200 as an accepted event (no oracle), accepts any while none is stored', async () => {
    await connected();
    const accepted = await postEvent(tb.rt, event({ object_id: 4999 }));
    const wrong = await postEvent(tb.rt, event({ subscription_id: 999, object_id: 5000 }));
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toBe(await accepted.text());
    expect((await inboxRows(tb.rt)).map((r) => (r.payload as { object_id: number }).object_id)).toEqual([4999]);
    expect(tb.rt.logs.some((l) => l.includes('strava webhook for another subscription dropped'))).toBe(true);

    const fresh = await make();
    try {
      await connectThroughApp(fresh);
      const res = await postEvent(fresh.rt, event({ subscription_id: 999 }));
      expect(res.status).toBe(200);
      expect(await inboxRows(fresh.rt)).toHaveLength(1);
      expect(fresh.rt.logs.some((l) => l.includes('without a stored subscription id'))).toBe(true);
    } finally {
      await fresh.rt.dispose();
    }
  });

  it('answers 200 for an unknown owner, logs it and stores nothing', async () => {
    await connected();
    const res = await postEvent(tb.rt, event({ owner_id: 999_999 }));
    expect(res.status).toBe(200);
    expect(await inboxRows(tb.rt)).toEqual([]);
    expect(await jobsOfKind(tb.rt, STRAVA_JOB.event)).toHaveLength(0);
    expect(tb.rt.logs.some((l) => l.includes('strava webhook dropped'))).toBe(true);
  });

  it('create → activity fetched once, stored with its raw payload, replan requested, day classified', async () => {
    await connected();
    const { rt, sim } = tb;
    const activity = sim.putActivity(ATHLETE_ID, { id: 16_104_838_243, start_date: '2026-11-19T17:05:12Z', start_date_local: '2026-11-19T18:05:12Z' });
    const t0 = rt.clock.now();
    const res = await postEvent(rt, event({ object_id: 16_104_838_243 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(await inboxRows(rt)).toEqual([expect.objectContaining({ status: 'pending' })]);

    await rt.runner.drain();
    // Debounced: nothing fetched until the delay passed.
    expect(activityFetches(tb, 16_104_838_243)).toBe(0);
    await runFor(rt, 25_000);
    expect(activityFetches(tb, 16_104_838_243)).toBe(1);

    const [stored] = await stravaActivities(rt);
    expect(stored).toEqual(
      expect.objectContaining({ externalId: '16104838243', sport: 'run', localDate: '2026-11-19', startLocal: '2026-11-19T18:05:12', utcOffsetMin: 60, workoutType: 'workout', avgHrBpm: 158.3, perceivedExertion: 7 }),
    );
    expect(JSON.parse(stored?.rawPayload ?? '{}').id).toBe(activity['id']);
    // fetched when the 20 s debounce ran out; raw JSON kept 7 days from then
    expect(stored?.rawExpiresAtMs).toBe(t0 + 20_000 + 7 * 86_400_000);
    const replans = await jobsOfKind(rt, JOB.replan);
    expect(replans).toHaveLength(1);
    expect(replans[0]?.payload).toEqual({ userId: stored?.userId });

    // The lead's replan job turns the stored run into a classified day.
    await runFor(rt, 10_000);
    const days = await rt.deps.db.select().from(daysTable).where(eq(daysTable.userId, stored?.userId ?? ''));
    const day = days.find((d) => d.date === '2026-11-19');
    expect(day?.source).toBe('actual');
    expect(day?.dayClass).not.toBe('off');
    expect((await inboxRows(rt))[0]?.status).toBe('processed');
  });

  it('stores a run whose start time the athlete hides on its day, at an assumed midday', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5010, start_date: '2026-11-19T00:00:01Z', start_date_local: '2026-11-19T00:00:01Z', utc_offset: 3600 });
    await postEvent(rt, event({ object_id: 5010 }));
    await runFor(rt, 35_000);
    const [stored] = await stravaActivities(rt);
    expect(stored).toEqual(expect.objectContaining({ localDate: '2026-11-19', startLocal: '2026-11-19T12:00:00' }));
    expect(JSON.parse(stored?.rawPayload ?? '{}').start_date_local).toBe('2026-11-19T00:00:01Z');
    const days = await rt.deps.db.select().from(daysTable).where(eq(daysTable.userId, stored?.userId ?? ''));
    expect(days.find((d) => d.date === '2026-11-19')?.source).toBe('actual');
  });

  it('processes a duplicate delivery once', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5001, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    for (let i = 0; i < 3; i++) expect((await postEvent(rt, event({ object_id: 5001 }))).status).toBe(200);
    expect(await inboxRows(rt)).toHaveLength(1);
    await runFor(rt, 30_000);
    expect(activityFetches(tb, 5001)).toBe(1);
    expect(await stravaActivities(rt)).toHaveLength(1);
  });

  it('writes concurrent deliveries in one group commit, duplicates included, each acknowledged', async () => {
    await connected();
    const { rt } = tb;
    const bodies = [...Array.from({ length: 5 }, () => event({ object_id: 5100 })), ...Array.from({ length: 5 }, (_, i) => event({ object_id: 5101 + i }))];
    const answers = await Promise.all(bodies.map((b) => postEvent(rt, b)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const rows = await inboxRows(rt);
    expect(rows).toHaveLength(6);
    const jobs = await jobsOfKind(rt, STRAVA_JOB.event);
    expect(jobs.map((j) => (j.payload as { inboxId: number }).inboxId).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('collapses a burst of create and updates into one fetch', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5002, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z', sport_type: 'TrailRun' });
    await postEvent(rt, event({ object_id: 5002, event_time: 1_763_640_000 }));
    await rt.runner.drain();
    rt.clock.advance(3_000);
    await postEvent(rt, event({ object_id: 5002, aspect_type: 'update', event_time: 1_763_640_003, updates: { title: 'Hills' } }));
    await rt.runner.drain();
    rt.clock.advance(3_000);
    await postEvent(rt, event({ object_id: 5002, aspect_type: 'update', event_time: 1_763_640_006, updates: { type: 'TrailRun' } }));
    await postEvent(rt, event({ object_id: 5002, aspect_type: 'update', event_time: 1_763_640_007, updates: { private: 'true' } }));
    await runFor(rt, 40_000);
    expect(activityFetches(tb, 5002)).toBe(1);
    expect((await stravaActivities(rt))[0]?.sport).toBe('trail_run');
    expect((await inboxRows(rt)).every((r) => r.status === 'processed')).toBe(true);
  });

  it('applies a rename only as Strava confirms it (the event\'s title is not stored)', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5003, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5003 }));
    await runFor(rt, 25_000);
    sim.calls.length = 0;
    sim.putActivity(ATHLETE_ID, { id: 5003, name: 'Messy', start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5003, aspect_type: 'update', event_time: 1_763_650_000, updates: { title: 'Forged title' } }));
    await runFor(rt, 25_000);
    expect(activityFetches(tb, 5003)).toBe(1);
    expect((await stravaActivities(rt))[0]?.name).toBe('Messy');
  });

  it('delete removes the activity and replans', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5004, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5004 }));
    await runFor(rt, 25_000);
    expect(await stravaActivities(rt)).toHaveLength(1);
    await runFor(rt, 10_000);
    const replansBefore = (await jobsOfKind(rt, JOB.replan))[0]?.updatedAtMs;
    sim.removeActivity(5004);
    await postEvent(rt, event({ object_id: 5004, aspect_type: 'delete', event_time: 1_763_650_000 }));
    // Confirmed by a read (404) after the debounce, then removed and audited.
    await runFor(rt, 25_000);
    expect(activityFetches(tb, 5004)).toBe(2);
    expect(await stravaActivities(rt)).toHaveLength(0);
    const audits = await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'strava.activity_deleted'));
    expect(audits).toHaveLength(1);
    const replan = (await jobsOfKind(rt, JOB.replan))[0];
    expect(replan?.updatedAtMs).toBeGreaterThan(replansBefore ?? 0);
  });

  it('a forged delete is not applied: Strava still has the activity, so it stays', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5014, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5014 }));
    await runFor(rt, 25_000);
    await postEvent(rt, event({ object_id: 5014, aspect_type: 'delete', event_time: 1_763_650_000 }));
    await runFor(rt, 25_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['5014']);
    expect(await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'strava.activity_deleted'))).toEqual([]);
  });

  it('a create followed at once by a delete never stores the activity', async () => {
    await connected();
    const { rt, sim } = tb;
    await postEvent(rt, event({ object_id: 5005 }));
    await postEvent(rt, event({ object_id: 5005, aspect_type: 'delete', event_time: 1_763_640_010 }));
    await runFor(rt, 60_000);
    // One read confirms the delete (Strava answers 404); no 404 back-off for a delete.
    expect(activityFetches(tb, 5005)).toBe(1);
    expect(sim.apiCalls()).toBe(1);
    expect(await stravaActivities(rt)).toHaveLength(0);
  });

  it('deauthorization stops pending jobs, purges activities and tokens, and audits', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5006, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5006 }));
    await runFor(rt, 25_000);
    expect(await stravaActivities(rt)).toHaveLength(1);
    // A pending fetch for another activity must not run after the deauthorization.
    await postEvent(rt, event({ object_id: 5007, event_time: 1_763_650_000 }));
    await rt.runner.drain();
    // The runner revokes hardday on strava.com: Strava kills the tokens and sends the event.
    sim.deauthorize(ATHLETE_ID);
    await postEvent(rt, event({ object_type: 'athlete', object_id: ATHLETE_ID, aspect_type: 'update', event_time: 1_763_650_001, updates: { authorized: 'false' } }));
    await runFor(rt, 60_000);
    expect(await stravaActivities(rt)).toHaveLength(0);
    const connection = await stravaConnection(rt);
    expect(connection).toEqual(expect.objectContaining({ status: 'revoked', accessTokenSealed: null, refreshTokenSealed: null }));
    expect(activityFetches(tb, 5007)).toBe(0);
    // Cancelled, then forgotten with the rest of the athlete's data (its payload names the activity).
    const fetchJob = (await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.idempotencyKey, 'strava-fetch:5007')))[0];
    expect(fetchJob).toBeUndefined();
    const audits = await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'strava.deauthorized'));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.detail).toMatchObject({ jobsCancelled: expect.any(Number) });
    expect((audits[0]?.detail as { jobsCancelled?: number } | undefined)?.jobsCancelled).toBeGreaterThan(0);
    // Later events for the athlete are dropped without being stored.
    const stored = (await inboxRows(rt)).length;
    await postEvent(rt, event({ object_id: 5008, event_time: 1_763_660_000 }));
    expect(await inboxRows(rt)).toHaveLength(stored);
  });

  it('repairs an event accepted just before a crash (inbox row without a job)', async () => {
    await connected();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 5009, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    const e = event({ object_id: 5009 });
    await rt.deps.db.insert(webhookInboxTable).values({ provider: 'strava', dedupeKey: 'activity:5009:create:x', payload: e, receivedAtMs: rt.clock.now() });
    await runFor(rt, 25_000);
    expect(await stravaActivities(rt)).toHaveLength(0);
    expect(await sweepStravaInbox(rt.deps)).toBe(1);
    expect(await sweepStravaInbox(rt.deps)).toBe(0);
    await runFor(rt, 25_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['5009']);
  });
});

describe('Strava events racing work in flight', () => {
  const deauthEvent = (eventTime: number) => event({ object_type: 'athlete', object_id: ATHLETE_ID, aspect_type: 'update', event_time: eventTime, updates: { authorized: 'false' } });

  /** A held answer must not run into the client's timeout. */
  const connectedSlow = () => connected({ STRAVA_TIMEOUT_MS: '10000' });

  it('a fetch in flight during a deauthorization stores nothing when it completes', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5101, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5101 }));
    await rt.runner.drain();
    const held = sim.holdNext('GET', /\/activities\/5101$/);
    rt.clock.advance(20_000);
    const fetching = rt.runner.drain();
    await held.arrived;

    sim.deauthorize(ATHLETE_ID);
    await postEvent(rt, deauthEvent(1_763_650_001));
    await rt.runner.drain();
    expect((await stravaConnection(rt))?.status).toBe('revoked');

    held.release();
    await fetching;
    await runFor(rt, 60_000);
    expect(await stravaActivities(rt)).toHaveLength(0);
    // The running fetch lost its lease at the purge and was forgotten with the athlete's data.
    expect(await jobsOfKind(rt, STRAVA_JOB.fetchActivity)).toEqual([]);
    expect(activityFetches(tb, 5101)).toBe(1);
  });

  it('a forged deauthorization is not acted on: Strava still accepts the tokens', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5102, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5102 }));
    await runFor(rt, 25_000);
    expect(await stravaActivities(rt)).toHaveLength(1);

    // Anyone can POST this: events are unsigned and the subscription id is no secret.
    const res = await postEvent(rt, deauthEvent(1_763_650_002));
    expect(res.status).toBe(200);
    await runFor(rt, 10_000);
    expect(sim.count('POST', /\/oauth\/token/)).toBe(1);
    expect(await stravaActivities(rt)).toHaveLength(1);
    const connection = await stravaConnection(rt);
    expect(connection?.status).toBe('active');
    // The confirming refresh may rotate the pair: what Strava returned is what is kept.
    expect((await readTokens(rt.deps.secrets, connection!))?.refreshToken).toBe(sim.athletes.get(ATHLETE_ID)?.refreshToken);
    expect((await inboxRows(rt)).at(-1)).toEqual(expect.objectContaining({ status: 'dropped', note: 'deauthorization not confirmed by Strava' }));
    const audits = await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'strava.deauthorize_ignored'));
    expect(audits).toHaveLength(1);
    expect(await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'strava.deauthorized'))).toHaveLength(0);
  });

  it('never purges unconfirmed: with Strava unreachable the deauthorization waits, then purges once Strava refuses the tokens', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5103, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5103 }));
    await runFor(rt, 25_000);
    sim.failNext('POST', /\/oauth\/token/, { status: 503, body: { message: 'Service Unavailable' } }, 1_000);
    sim.deauthorize(ATHLETE_ID);
    await postEvent(rt, deauthEvent(1_763_650_003));
    await runFor(rt, 10 * 60_000, 10_000);
    expect(sim.count('POST', /\/oauth\/token/)).toBeGreaterThan(2);
    expect(await stravaActivities(rt)).toHaveLength(1);
    expect((await stravaConnection(rt))?.status).toBe('active');
    const job = (await jobsOfKind(rt, STRAVA_JOB.event)).at(-1);
    expect(job).toEqual(expect.objectContaining({ status: 'queued', attempts: 0 }));
    expect((await inboxRows(rt)).at(-1)?.status).toBe('pending');

    sim.clearFailures();
    await runFor(rt, 20 * 60_000, 10_000);
    expect(await stravaActivities(rt)).toHaveLength(0);
    expect((await stravaConnection(rt))?.status).toBe('revoked');
    expect((await inboxRows(rt)).at(-1)?.status).toBe('processed');
  });

  it('a 429 from the token endpoint defers the deauthorization to the next window without spending attempts', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5105, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5105 }));
    await runFor(rt, 25_000);
    sim.failNext('POST', /\/oauth\/token/, { status: 429, body: { message: 'Rate Limit Exceeded', errors: [] } }, 2);
    sim.deauthorize(ATHLETE_ID);
    await postEvent(rt, deauthEvent(1_763_650_004));
    await rt.runner.drain();
    const job = (await jobsOfKind(rt, STRAVA_JOB.event)).at(-1);
    expect(job).toEqual(expect.objectContaining({ status: 'queued', attempts: 0 }));
    expect(job?.runAtMs).toBeGreaterThanOrEqual(Date.parse('2026-11-20T12:15:00Z'));
    await runFor(rt, 40 * 60_000, 60_000);
    expect(sim.count('POST', /\/oauth\/token/)).toBe(3);
    expect(await stravaActivities(rt)).toHaveLength(0);
    expect((await stravaConnection(rt))?.status).toBe('revoked');
    expect((await inboxRows(rt)).at(-1)?.status).toBe('processed');
  });

  it('a deauthorization Strava neither confirms nor refuses (403, malformed reply) is retried for days, then stops the connection for re-consent without purging', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5106, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5106 }));
    await runFor(rt, 25_000);
    sim.failNext('POST', /\/oauth\/token/, { status: 200, body: { surprise: true } });
    sim.failNext('POST', /\/oauth\/token/, { status: 403, body: { message: 'Forbidden', errors: [] } }, 1_000_000);
    await postEvent(rt, deauthEvent(1_763_650_005));
    // a job of the athlete due after the deauthorization is given up on
    await rt.deps.jobs.enqueue({ kind: STRAVA_JOB.refresh, payload: { athleteId: String(ATHLETE_ID) }, idempotencyKey: 'later-refresh', runAtMs: rt.clock.now() + 8 * 24 * 3600_000 });
    await rt.runner.drain();
    rt.clock.advance(24 * 3600_000);
    await runFor(rt, 24 * 3600_000, 3600_000);
    expect((await jobsOfKind(rt, STRAVA_JOB.event)).at(-1)).toEqual(expect.objectContaining({ status: 'queued', attempts: 0 }));
    expect((await stravaConnection(rt))?.status).toBe('active');
    expect((await inboxRows(rt)).find((r) => (r.payload as { object_type: string }).object_type === 'athlete')?.status).toBe('pending');

    await runFor(rt, 6 * 24 * 3600_000, 3600_000);
    // asked at most about once an hour
    expect(sim.count('POST', /\/oauth\/token/)).toBeLessThanOrEqual(7 * 24 + 10);
    const connection = await stravaConnection(rt);
    expect(connection).toEqual(expect.objectContaining({ status: 'needs_reconsent', lastError: expect.stringMatching(/deauthorization that could not be confirmed.*reconnect Strava/) }));
    // never purged unconfirmed: data and tokens kept until the runner reconnects
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['5106']);
    expect(await readTokens(rt.deps.secrets, connection!)).toBeDefined();
    expect((await inboxRows(rt)).find((r) => (r.payload as { object_type: string }).object_type === 'athlete')).toEqual(
      expect.objectContaining({ status: 'processed', note: expect.stringMatching(/needs re-consent/) }),
    );
    expect((await jobsOfKind(rt, STRAVA_JOB.event)).at(-1)).toEqual(expect.objectContaining({ status: 'done', attempts: 1 }));
    expect((await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.idempotencyKey, 'later-refresh')))[0]).toEqual(
      expect.objectContaining({ status: 'done', lastError: 'cancelled: strava.deauthorize_unconfirmed' }),
    );
    expect(await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'strava.deauthorize_unconfirmed'))).toHaveLength(1);
    expect(rt.logs.some((l) => l.includes('strava deauthorization could not be confirmed'))).toBe(true);
  });

  it('the inbox sweep re-arms the dead-lettered job of a deauthorization still pending', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5108, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5108 }));
    await runFor(rt, 25_000);
    sim.deauthorize(ATHLETE_ID);
    await postEvent(rt, deauthEvent(1_763_650_007));
    // Its job was dead-lettered before it could act (e.g. by an earlier release): nothing runs it.
    const job = (await jobsOfKind(rt, STRAVA_JOB.event)).at(-1);
    await rt.deps.db.update(jobsTable).set({ status: 'dead', attempts: 8, lastError: 'Strava answered 429' }).where(eq(jobsTable.id, job?.id ?? 0));
    await runFor(rt, 60_000);
    expect((await stravaConnection(rt))?.status).toBe('active');

    expect(await sweepStravaInbox(rt.deps)).toBe(1);
    expect(rt.logs.some((l) => l.includes('re-armed finished jobs of events still pending'))).toBe(true);
    await runFor(rt, 60_000);
    expect(await stravaActivities(rt)).toHaveLength(0);
    expect((await stravaConnection(rt))?.status).toBe('revoked');
    expect((await inboxRows(rt)).at(-1)?.status).toBe('processed');
    expect(await sweepStravaInbox(rt.deps)).toBe(0);
  });

  it('the inbox sweep re-arms a dead event job once, and gives up (visibly) when it dies again', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5110, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5110 }));
    const killJob = async () => {
      const job = (await jobsOfKind(rt, STRAVA_JOB.event)).at(-1);
      await rt.deps.db.update(jobsTable).set({ status: 'dead', attempts: 8, lastError: 'Strava kept failing' }).where(eq(jobsTable.id, job?.id ?? 0));
    };
    await killJob();
    expect(await sweepStravaInbox(rt.deps)).toBe(1); // re-armed once
    await killJob();
    expect(await sweepStravaInbox(rt.deps)).toBe(0); // not again
    const row = (await inboxRows(rt)).at(-1);
    expect(row?.status).toBe('dropped');
    expect(row?.note).toMatch(/gave up after a second dead letter: Strava kept failing/);
    expect((await jobsOfKind(rt, STRAVA_JOB.event)).at(-1)?.status).toBe('dead');
    expect(rt.logs.some((l) => l.includes('gave up on events dead-lettered twice'))).toBe(true);
  });

  it('a delete older than a create already accepted is not applied', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5109, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5109, event_time: 1_763_640_100 }));
    await rt.runner.drain();
    // A stale delete (older than the create) arrives while the create's fetch waits…
    await postEvent(rt, event({ object_id: 5109, aspect_type: 'delete', event_time: 1_763_640_050 }));
    await runFor(rt, 25_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['5109']);
    expect(activityFetches(tb, 5109)).toBe(1);
    // …and another once the activity is stored.
    await postEvent(rt, event({ object_id: 5109, aspect_type: 'delete', event_time: 1_763_640_099 }));
    await runFor(rt, 25_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['5109']);
    const deletes = (await inboxRows(rt)).filter((r) => (r.payload as { aspect_type: string }).aspect_type === 'delete');
    expect(deletes).toEqual([
      expect.objectContaining({ status: 'dropped', note: 'older than a create/update of the activity' }),
      expect.objectContaining({ status: 'dropped', note: 'older than a create/update of the activity' }),
    ]);
  });

  it('a delete with a far-future event time, which Strava does not confirm, neither removes nor blocks the activity', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5110, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5110, event_time: Math.floor(rt.clock.now() / 1000) }));
    await runFor(rt, 25_000);
    const nowS = () => Math.floor(rt.clock.now() / 1000);
    await postEvent(rt, event({ object_id: 5110, aspect_type: 'delete', event_time: nowS() + 365 * 86_400 }));
    await runFor(rt, 25_000);
    expect(await stravaActivities(rt)).toHaveLength(1);
    rt.clock.advance(60_000);
    await postEvent(rt, event({ object_id: 5110, aspect_type: 'update', event_time: nowS(), updates: { type: 'Run' } }));
    await runFor(rt, 25_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['5110']);
  });

  it('create, update while the fetch runs, delete: nothing stored, no 404 back-off afterwards', async () => {
    const { rt, sim } = await connectedSlow();
    sim.putActivity(ATHLETE_ID, { id: 5104, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5104, event_time: 1_763_640_000 }));
    await rt.runner.drain();
    const held = sim.holdNext('GET', /\/activities\/5104$/);
    rt.clock.advance(20_000);
    const fetching = rt.runner.drain();
    await held.arrived;

    // While the fetch is under way: a type change (a follow-up fetch is queued), then the delete.
    await postEvent(rt, event({ object_id: 5104, aspect_type: 'update', event_time: 1_763_640_030, updates: { type: 'TrailRun' } }));
    await rt.runner.drain();
    sim.removeActivity(5104);
    await postEvent(rt, event({ object_id: 5104, aspect_type: 'delete', event_time: 1_763_640_060 }));
    await rt.runner.drain();

    held.release();
    await fetching;
    // Strava redelivers the create late (older than the delete): it must not bring the run back.
    await postEvent(rt, { ...event({ object_id: 5104, event_time: 1_763_640_000 }), updates: { title: 'late' } });
    await runFor(rt, 2 * 3600_000, 60_000);
    expect(await stravaActivities(rt)).toHaveLength(0);
    // The held read, then one read confirming the delete (404): no 404 back-off.
    expect(activityFetches(tb, 5104)).toBe(2);

    // A newer create (the run made visible again) clears the deletion and is fetched.
    sim.putActivity(ATHLETE_ID, { id: 5104, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 5104, event_time: 1_763_640_090 }));
    await runFor(rt, 25_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['5104']);
  });
});
