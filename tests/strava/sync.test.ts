import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getMeta, setMeta } from '../../src/db/repositories/meta';
import { activitiesTable } from '../../src/db/schema';
import { JOB, STRAVA_JOB } from '../../src/core/jobs';
import { scheduledTasks } from '../../src/app/schedule';
import { openDepsFrom } from '../../src/platform/node/runtime';
import { runStravaCli } from '../../src/strava/cli';
import { ATHLETE_ID, connectThroughApp, event, jobsOfKind, postEvent, runFor, STRAVA_ENV, type StravaTestbed, stravaActivities, SUBSCRIPTION_ID, stravaTestSuite } from './helpers';
import { STRAVA_SUBSCRIPTION_META } from '../../src/strava/ingest';

const { make } = stravaTestSuite();

let tb: StravaTestbed;

const NOW = Date.parse('2026-11-20T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
function runDaysAgo(days: number, id: number, fields: Record<string, unknown> = {}) {
  const start = NOW - days * 86_400_000;
  return { id, start_date: iso(start), start_date_local: iso(start + 3_600_000), ...fields };
}

describe('Strava backfill', () => {
  it('pages through 12 weeks of summaries (200 per page, until an empty page) and replans once', async () => {
    tb = await make();
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    for (let i = 0; i < 230; i++) sim.putActivity(ATHLETE_ID, runDaysAgo(1 + (i % 80), 9_000 + i, { start_date: iso(NOW - (1 + i * 0.35) * 86_400_000) }));
    sim.putActivity(ATHLETE_ID, runDaysAgo(90, 8_999));
    await connectThroughApp(tb);
    await rt.runner.drain();
    const pages = sim.calls.filter((c) => c.path.endsWith('/athlete/activities'));
    expect(pages).toHaveLength(3);
    expect(sim.count('GET', /\/activities\/\d+$/)).toBe(0);
    const stored = await stravaActivities(rt);
    expect(stored).toHaveLength(230);
    // summaries carry no RPE and no detail fields, but keep their raw JSON for the retention period
    expect(stored.every((a) => a.perceivedExertion === null && a.rawPayload !== null)).toBe(true);
    expect(await jobsOfKind(rt, STRAVA_JOB.backfill)).toHaveLength(3);
    expect(await jobsOfKind(rt, JOB.replan)).toHaveLength(1);
  });
});

describe('Strava reconciliation', () => {
  it('adds missed activities, updates changed ones, deletes vanished ones inside the window', async () => {
    tb = await make();
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    sim.putActivity(ATHLETE_ID, runDaysAgo(2, 7001));
    sim.putActivity(ATHLETE_ID, runDaysAgo(3, 7002));
    sim.putActivity(ATHLETE_ID, runDaysAgo(4, 7003));
    sim.putActivity(ATHLETE_ID, runDaysAgo(30, 7004));
    await connectThroughApp(tb);
    await runFor(rt, 10_000);
    expect(await stravaActivities(rt)).toHaveLength(4);

    // Events lost while we were down: one new run, one edited, one deleted, an old one deleted outside the window.
    sim.putActivity(ATHLETE_ID, runDaysAgo(1, 7005));
    sim.putActivity(ATHLETE_ID, runDaysAgo(3, 7002, { distance: 21_097.5, workout_type: 1 }));
    sim.removeActivity(7003);
    sim.removeActivity(7004);
    sim.calls.length = 0;

    const sweep = scheduledTasks.find((t) => t.name === 'strava-reconcile');
    expect(sweep).toBeDefined();
    await rt.deps.jobs.enqueue(sweep!.job(rt.clock.now()));
    await rt.runner.drain();
    expect(await jobsOfKind(rt, STRAVA_JOB.reconcile)).toHaveLength(1);
    const ids = (await stravaActivities(rt)).map((a) => a.externalId).sort();
    expect(ids).toEqual(['7001', '7002', '7004', '7005']);
    const edited = (await rt.deps.db.select().from(activitiesTable).where(eq(activitiesTable.externalId, '7002')))[0];
    expect(edited?.distanceM).toBe(21_097.5);
    expect(edited?.workoutType).toBe('race');
    expect(sim.count('GET', /\/activities\/\d+$/)).toBe(0);
    expect((await jobsOfKind(rt, JOB.replan))[0]?.status).toBe('queued');

    // A second sweep in another slot finds nothing to change.
    rt.clock.advance(4 * 3600_000);
    await rt.runner.drain();
    const before = (await jobsOfKind(rt, JOB.replan))[0]?.updatedAtMs;
    await rt.deps.jobs.enqueue(sweep!.job(rt.clock.now()));
    await rt.runner.drain();
    expect((await jobsOfKind(rt, JOB.replan))[0]?.updatedAtMs).toBe(before);
  });
});

describe('Strava reconciliation racing a webhook fetch', () => {
  it('does not delete an activity a fetch stored while the listing was under way', async () => {
    tb = await make({ STRAVA_FETCH_DELAY_MS: '0', STRAVA_TIMEOUT_MS: '10000' });
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    await connectThroughApp(tb);
    await rt.runner.drain();
    await setMeta(rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), rt.clock.now());

    // The listing is answered (without the new run) but the answer is slow to arrive…
    const held = sim.holdNext('GET', /\/athlete\/activities$/);
    const sweep = scheduledTasks.find((t) => t.name === 'strava-reconcile');
    await rt.deps.jobs.enqueue(sweep!.job(rt.clock.now()));
    const reconciling = rt.runner.drain();
    await held.arrived;
    // …meanwhile the run is uploaded and its create event fetched and stored.
    sim.putActivity(ATHLETE_ID, runDaysAgo(1, 7201));
    await postEvent(rt, event({ object_id: 7201 }));
    await rt.runner.drain();
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['7201']);

    held.release();
    await reconciling;
    expect((await jobsOfKind(rt, STRAVA_JOB.reconcile))[0]?.status).toBe('done');
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['7201']);
  });
});

describe('Strava reconciliation at start-up', () => {
  it('runs at every worker start, even in a slot whose scheduled run is done', async () => {
    tb = await make();
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    await connectThroughApp(tb);
    await rt.runner.drain();
    const sweep = scheduledTasks.find((t) => t.name === 'strava-reconcile');
    expect(sweep?.atStart).toBe(true);
    await rt.deps.jobs.enqueue(sweep!.job(rt.clock.now()));
    await rt.runner.drain();
    expect(await jobsOfKind(rt, STRAVA_JOB.reconcile)).toHaveLength(1);

    // Strava gave up on an event while the worker was down; the worker restarts in the same slot.
    sim.putActivity(ATHLETE_ID, runDaysAgo(1, 7301));
    rt.clock.advance(60_000);
    await rt.enqueueStartupTasks();
    await rt.runner.drain();
    expect(await jobsOfKind(rt, STRAVA_JOB.reconcile)).toHaveLength(2);
    expect((await stravaActivities(rt)).map((a) => a.externalId)).toEqual(['7301']);
  });
});

describe('Strava raw payload retention', () => {
  it('purges raw JSON after STRAVA_RAW_RETENTION_DAYS and keeps the derived values', async () => {
    tb = await make({ STRAVA_RAW_RETENTION_DAYS: '2' });
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    sim.putActivity(ATHLETE_ID, runDaysAgo(1, 7101));
    await connectThroughApp(tb);
    await rt.runner.drain();
    expect((await stravaActivities(rt))[0]?.rawPayload).not.toBeNull();
    const purge = scheduledTasks.find((t) => t.name === 'strava-raw-retention');
    rt.clock.advance(1 * 86_400_000);
    await rt.deps.jobs.enqueue(purge!.job(rt.clock.now()));
    await rt.runner.drain();
    expect((await stravaActivities(rt))[0]?.rawPayload).not.toBeNull();
    rt.clock.advance(1 * 86_400_000 + 1);
    await rt.deps.jobs.enqueue(purge!.job(rt.clock.now()));
    await rt.runner.drain();
    const [a] = await stravaActivities(rt);
    expect(a?.rawPayload).toBeNull();
    expect(a?.distanceM).toBeGreaterThan(0);
    expect(a?.sport).toBe('run');
  });
});

describe('hardday strava subscribe|show|unsubscribe', () => {
  it('creates, shows and deletes the push subscription and stores its id', async () => {
    tb = await make();
    const env = { ...STRAVA_ENV, DATABASE_PATH: `${tb.rt.dir}/hardday.db`, SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789abcdef', PUBLIC_URL: 'https://hardday.example', LOG_LEVEL: 'silent' };
    const out: string[] = [];
    expect(await runStravaCli(['subscribe'], openDepsFrom(env), (l) => out.push(l))).toBe(0);
    expect(tb.sim.subscriptions).toEqual([expect.objectContaining({ callback_url: 'https://hardday.example/webhooks/strava', verify_token: STRAVA_ENV.STRAVA_VERIFY_TOKEN })]);
    const id = String(tb.sim.subscriptions[0]?.id);
    expect(await getMeta(tb.rt.deps.db, STRAVA_SUBSCRIPTION_META)).toBe(id);
    expect(await runStravaCli(['subscribe'], openDepsFrom(env), (l) => out.push(l))).toBe(0);
    expect(tb.sim.subscriptions).toHaveLength(1);
    expect(await runStravaCli(['show'], openDepsFrom(env), (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toBe(`subscription ${id}: https://hardday.example/webhooks/strava (stored)`);
    expect(await runStravaCli(['unsubscribe'], openDepsFrom(env), (l) => out.push(l))).toBe(0);
    expect(tb.sim.subscriptions).toHaveLength(0);
    expect(await getMeta(tb.rt.deps.db, STRAVA_SUBSCRIPTION_META)).toBeUndefined();
    expect(await runStravaCli(['bogus'], openDepsFrom(env), (l) => out.push(l))).toBe(2);
  });
});

describe('proactive token refresh', () => {
  it('refreshes soon-expiring tokens of athletes with Strava work waiting, and leaves idle ones alone', async () => {
    tb = await make();
    const { rt, sim } = tb;
    await connectThroughApp(tb, { athleteId: ATHLETE_ID });
    await connectThroughApp(tb, { athleteId: 777 });
    await rt.runner.drain();
    const task = scheduledTasks.find((t) => t.name === 'strava-token-refresh');
    expect(task).toBeDefined();
    rt.clock.advance(6 * 3600_000 - 10 * 60_000);
    // A fetch for the first athlete is waiting (debounced); the second athlete is idle.
    await rt.deps.jobs.enqueue({ kind: STRAVA_JOB.fetchActivity, payload: { athleteId: String(ATHLETE_ID), activityId: '1' }, idempotencyKey: 'strava-fetch:1', runAtMs: rt.clock.now() + 60_000 });
    const before = sim.count('POST', /\/oauth\/token/);
    await rt.deps.jobs.enqueue(task?.job(rt.clock.now()) ?? { kind: 'none', payload: {}, idempotencyKey: 'none' });
    await rt.runner.drain();
    expect(sim.count('POST', /\/oauth\/token/) - before).toBe(1);
    expect(await jobsOfKind(rt, STRAVA_JOB.refresh)).toEqual([expect.objectContaining({ status: 'done', payload: { athleteId: String(ATHLETE_ID) } })]);
  });
});
