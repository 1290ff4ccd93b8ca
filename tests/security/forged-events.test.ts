/**
 * Forged Strava events (webhooks are unsigned; the subscription id is the only gate): they can no
 * longer change data without Strava's confirmation, store unbounded text, or spend the app's
 * budget; and the deep reconciliation repairs what a wrongly applied event changed.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setMeta } from '../../src/db/repositories/meta';
import { activitiesTable, jobsTable } from '../../src/db/schema';
import { STRAVA_JOB } from '../../src/core/jobs';
import { STRAVA_SUBSCRIPTION_META } from '../../src/strava/ingest';
import { stravaScheduledTasks } from '../../src/strava/jobs';
import { ATHLETE_ID, connectThroughApp, event, inboxRows, jobsOfKind, postEvent, runFor, type StravaTestbed, stravaActivities, stravaTestSuite, SUBSCRIPTION_ID } from '../strava/helpers';

const { make } = stravaTestSuite();
const OTHER_ATHLETE = 227_615;

async function connected(): Promise<StravaTestbed> {
  const tb = await make();
  tb.sim.addAthlete(ATHLETE_ID);
  // A run 41 days old: outside the 7-day reconciliation, inside the 12-week backfill.
  tb.sim.putActivity(ATHLETE_ID, { id: 8101, name: 'Easy recovery jog', start_date: '2026-10-10T07:00:00Z', start_date_local: '2026-10-10T08:00:00Z' });
  await connectThroughApp(tb);
  await setMeta(tb.rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), tb.rt.clock.now());
  await tb.rt.runner.drain();
  expect((await stravaActivities(tb.rt)).map((a) => a.externalId)).toEqual(['8101']);
  tb.sim.calls.length = 0;
  return tb;
}

const nowS = (tb: StravaTestbed) => Math.floor(tb.rt.clock.now() / 1000);

describe('forged Strava events', () => {
  it('a forged delete of a 41-day-old activity removes nothing (Strava still has it)', async () => {
    const tb = await connected();
    await postEvent(tb.rt, event({ object_id: 8101, aspect_type: 'delete', event_time: nowS(tb) }));
    await runFor(tb.rt, 60_000, 10_000);
    expect((await stravaActivities(tb.rt)).map((a) => a.externalId)).toEqual(['8101']);
    expect(tb.sim.count('GET', /\/activities\/8101$/)).toBe(1);
  });

  it('a forged rename with a 100,000-character title changes nothing; the stored inbox payload is capped', async () => {
    const tb = await connected();
    const title = 'Z'.repeat(100_000);
    const res = await postEvent(tb.rt, event({ object_id: 8101, aspect_type: 'update', event_time: nowS(tb), updates: { title } }));
    expect(res.status).toBe(200);
    await runFor(tb.rt, 60_000, 10_000);
    const [stored] = await stravaActivities(tb.rt);
    expect(stored?.name).toBe('Easy recovery jog');
    for (const row of await inboxRows(tb.rt)) expect(JSON.stringify(row.payload).length).toBeLessThan(2_000);
  });

  it('a 100,000-character name from Strava itself is stored truncated', async () => {
    const tb = await connected();
    tb.sim.putActivity(ATHLETE_ID, { id: 8102, name: `${'é'.repeat(99_999)}!`, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(tb.rt, event({ object_id: 8102, event_time: nowS(tb) }));
    await runFor(tb.rt, 60_000, 10_000);
    const row = (await stravaActivities(tb.rt)).find((a) => a.externalId === '8102');
    expect(row?.name?.length).toBe(255);
  });

  it('the deep reconciliation over the backfill window repairs what a wrongly applied event changed', async () => {
    const tb = await connected();
    const { rt } = tb;
    // What a forged event did before events were confirmed: a rename and a delete.
    tb.sim.putActivity(ATHLETE_ID, { id: 8103, name: 'Long run', start_date: '2026-09-20T07:00:00Z', start_date_local: '2026-09-20T08:00:00Z', workout_type: 2 });
    await runFor(rt, 1_000);
    await rt.deps.db.update(activitiesTable).set({ name: 'Forged 🔥 race', updatedAtMs: rt.clock.now() }).where(eq(activitiesTable.externalId, '8101'));
    const deep = stravaScheduledTasks.find((t) => t.name === 'strava-reconcile-deep');
    expect(deep).toBeDefined();
    await rt.deps.jobs.enqueue(deep?.job(rt.clock.now()) ?? { kind: 'none', payload: {}, idempotencyKey: 'none' });
    await runFor(rt, 60_000, 10_000);
    const rows = await stravaActivities(rt);
    expect(rows.map((a) => [a.externalId, a.name]).sort()).toEqual([
      ['8101', 'Easy recovery jog'],
      ['8103', 'Long run'],
    ]);
  });

  it('a flood of creates with random ids is bounded per athlete, each unknown id read at most twice, and another athlete is served promptly', async () => {
    const tb = await connected();
    const { rt, sim } = tb;
    sim.addAthlete(OTHER_ATHLETE);
    await connectThroughApp(tb, { athleteId: OTHER_ATHLETE });
    await rt.runner.drain();
    sim.calls.length = 0;
    const flood = 400;
    for (let i = 0; i < flood; i++) await postEvent(rt, event({ object_id: 9_000_000 + i, event_time: nowS(tb) }));
    await rt.runner.drain();
    const pending = (await jobsOfKind(rt, STRAVA_JOB.fetchActivity)).filter((j) => j.status === 'queued');
    expect(pending.length).toBeLessThanOrEqual(rt.deps.config.STRAVA_PENDING_FETCHES_PER_ATHLETE);

    // A genuine event of another athlete is not stuck behind the flood.
    sim.putActivity(OTHER_ATHLETE, { id: 8201, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    await postEvent(rt, event({ object_id: 8201, owner_id: OTHER_ATHLETE, event_time: nowS(tb) }));
    await runFor(rt, 2 * 60_000, 5_000);
    expect((await stravaActivities(rt)).some((a) => a.externalId === '8201')).toBe(true);

    // Run the flood out: every id Strava answered 404 for is retried at most once, then left alone.
    await runFor(rt, 3 * 3600_000, 5 * 60_000);
    const reads = sim.calls.filter((c) => /\/activities\/9\d{6}$/.test(c.path));
    expect(reads.length).toBeLessThanOrEqual(2 * rt.deps.config.STRAVA_PENDING_FETCHES_PER_ATHLETE);
    const perId = new Map<string, number>();
    for (const c of reads) perId.set(c.path, (perId.get(c.path) ?? 0) + 1);
    expect(Math.max(...perId.values())).toBeLessThanOrEqual(2);
    expect(await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.status, 'queued'))).toSatisfy((rows: unknown[]) => rows.every((r) => (r as { kind: string }).kind !== STRAVA_JOB.fetchActivity));
  });

  it('a genuine bulk upload beyond the bound is caught up by a reconciliation', async () => {
    const tb = await connected();
    const ids = Array.from({ length: tb.rt.deps.config.STRAVA_PENDING_FETCHES_PER_ATHLETE + 5 }, (_, i) => 8300 + i);
    for (const id of ids) tb.sim.putActivity(ATHLETE_ID, { id, start_date: '2026-11-19T07:00:00Z', start_date_local: '2026-11-19T08:00:00Z' });
    for (const id of ids) await postEvent(tb.rt, event({ object_id: id, event_time: nowS(tb) }));
    await runFor(tb.rt, 10 * 60_000, 10_000);
    const stored = new Set((await stravaActivities(tb.rt)).map((a) => a.externalId));
    for (const id of ids) expect(stored.has(String(id)), String(id)).toBe(true);
  });

  it('events of unknown athletes are not stored', async () => {
    const tb = await connected();
    const before = (await inboxRows(tb.rt)).length;
    for (let i = 0; i < 20; i++) expect((await postEvent(tb.rt, event({ owner_id: 5_000_000 + i, object_id: 7_000_000 + i }))).status).toBe(200);
    expect(await inboxRows(tb.rt)).toHaveLength(before);
  });
});
