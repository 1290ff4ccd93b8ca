/**
 * One run, one record across sources: the same run from Strava and from a file is stored once,
 * with both origins; removing it at one source keeps what the other still holds.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isSameRun, removeActivitySource } from '../../src/db/repositories/activities';
import { activitiesTable, activitySourcesTable } from '../../src/db/schema';
import { importActivityFiles } from '../../src/files/import';
import { ATHLETE_ID, connectThroughApp, event, postEvent, runFor, stravaConnection, stravaTestSuite } from '../strava/helpers';
import { fitActivity } from './helpers';

const { make } = stravaTestSuite();

const STRAVA_RUN_ID = 16_104_838_243; // the detailed-run fixture: 2026-11-17T17:05:12Z, 12,034.6 m
/** The same run recorded by the watch: 48 s later start, 0.5 % longer, with heart rate samples. */
const watchFile = () => ({ name: 'tempo.fit', bytes: fitActivity({ start: '2026-11-17T17:06:00Z', durationS: 3391, distanceM: 12_095, hr: 158, records: true, offsetMin: 60 }) });

async function all(rt: Awaited<ReturnType<typeof make>>['rt']) {
  const activities = await rt.deps.db.select().from(activitiesTable);
  const sources = await rt.deps.db.select().from(activitySourcesTable);
  return { activities, sources: sources.map((s) => `${s.provider}:${s.activityId === activities[0]?.id ? 'same' : 'other'}`).sort() };
}

describe('same run from two sources', () => {
  it('matches on start within 2 minutes and distance within 3 %', () => {
    const a = { startUtcMs: 0, distanceM: 10_000, durationS: 3000 };
    expect(isSameRun(a, { startUtcMs: 119_000, distanceM: 10_290, durationS: 3100 })).toBe(true);
    expect(isSameRun(a, { startUtcMs: 121_000, distanceM: 10_000, durationS: 3000 })).toBe(false);
    expect(isSameRun(a, { startUtcMs: 0, distanceM: 10_400, durationS: 3000 })).toBe(false);
    expect(isSameRun(a, { startUtcMs: 0, distanceM: null, durationS: 3000 })).toBe(false);
  });

  it('Strava then a file: one activity with both origins; deleted at Strava it stays, from the file', async () => {
    const tb = await make();
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    sim.putActivity(ATHLETE_ID, { id: STRAVA_RUN_ID });
    await connectThroughApp(tb);
    await rt.runner.drain();
    const userId = (await stravaConnection(rt))?.userId as string;
    expect((await all(rt)).activities).toHaveLength(1);

    const summary = await importActivityFiles(rt.deps, userId, [watchFile()], { hrMaxBpm: 190 });
    expect(summary).toEqual({ imported: 0, duplicates: 1, skipped: [] });
    let state = await all(rt);
    expect(state.activities).toHaveLength(1);
    expect(state.sources).toEqual(['files:same', 'strava:same']);
    // the richer record is the base, and the file's heart-rate zones fill what Strava lacked
    expect(state.activities[0]?.hrZoneTimesS).not.toBeNull();
    expect(state.activities[0]?.name).toBe('Tempo Tuesday');

    // deleted at Strava: the delete event is applied once Strava confirms the activity is gone
    sim.removeActivity(STRAVA_RUN_ID);
    await postEvent(rt, event({ object_id: STRAVA_RUN_ID, aspect_type: 'delete', event_time: Math.floor(rt.clock.now() / 1000) }));
    await runFor(rt, 30_000);
    state = await all(rt);
    expect(state.activities).toHaveLength(1);
    expect(state.activities[0]).toMatchObject({ provider: 'files', distanceM: 12_095, rawPayload: null });
    expect(state.sources).toEqual(['files:same']);
  });

  it('a file then Strava (webhook): stored once; the file source removed, Strava keeps it; Strava purge then leaves nothing', async () => {
    const tb = await make();
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    const { cookie } = await connectThroughApp(tb);
    await rt.runner.drain();
    const userId = (await stravaConnection(rt))?.userId as string;
    expect(await importActivityFiles(rt.deps, userId, [watchFile()])).toEqual({ imported: 1, duplicates: 0, skipped: [] });

    sim.putActivity(ATHLETE_ID, { id: STRAVA_RUN_ID });
    await postEvent(rt, event({ object_id: STRAVA_RUN_ID, aspect_type: 'create', event_time: Math.floor(rt.clock.now() / 1000) }));
    await runFor(rt, 60_000);
    let state = await all(rt);
    expect(state.activities).toHaveLength(1);
    expect(state.sources).toEqual(['files:same', 'strava:same']);
    const id = state.activities[0]?.id;

    // a second import of the same file is a duplicate, not a second record
    expect(await importActivityFiles(rt.deps, userId, [watchFile()])).toEqual({ imported: 0, duplicates: 1, skipped: [] });

    const fileSource = (await rt.deps.db.select().from(activitySourcesTable).where(eq(activitySourcesTable.provider, 'files')))[0];
    const removed = await removeActivitySource(rt.deps.db, 'files', fileSource?.externalId as string, rt.clock.now());
    expect(removed?.removed).toBe(false);
    state = await all(rt);
    expect(state.activities).toHaveLength(1);
    expect(state.activities[0]).toMatchObject({ id, provider: 'strava', externalId: String(STRAVA_RUN_ID), distanceM: 12_034.6 });

    // disconnecting Strava purges its record; with no other source left the run goes
    const res = await rt.request('/api/me/connections/strava', { method: 'DELETE', headers: { cookie } });
    expect(res.status).toBeLessThan(300);
    await rt.runner.drain();
    expect((await all(rt)).activities).toHaveLength(0);
  });

  it('a Strava purge keeps runs a file also holds', async () => {
    const tb = await make();
    const { rt, sim } = tb;
    sim.addAthlete(ATHLETE_ID);
    sim.putActivity(ATHLETE_ID, { id: STRAVA_RUN_ID });
    sim.putActivity(ATHLETE_ID, { id: 42, start_date: '2026-11-15T08:00:00Z', start_date_local: '2026-11-15T09:00:00Z' });
    await connectThroughApp(tb);
    await rt.runner.drain();
    const userId = (await stravaConnection(rt))?.userId as string;
    await importActivityFiles(rt.deps, userId, [watchFile()]);
    await postEvent(rt, event({ object_type: 'athlete', object_id: ATHLETE_ID, aspect_type: 'update', updates: { authorized: 'false' } }));
    sim.athletes.get(ATHLETE_ID)!.revoked = true;
    await runFor(rt, 30_000);
    const state = await all(rt);
    expect(state.activities.map((a) => a.provider)).toEqual(['files']);
    expect(state.sources).toEqual(['files:same']);
  });
});
