/**
 * Privacy: after a disconnect or a confirmed deauthorization, nothing derived from the athlete's
 * Strava data is left anywhere: every table is searched for the activity ids and names.
 */
import { describe, expect, it } from 'vitest';
import { setMeta } from '../../src/db/repositories/meta';
import { daysBetween } from '../../src/db/repositories/planning';
import { STRAVA_SUBSCRIPTION_META } from '../../src/strava/ingest';
import type { TestRuntime } from '../helpers/runtime';
import { ATHLETE_ID, connectThroughApp, event, postEvent, runFor, stravaActivities, stravaConnection, stravaTestSuite, SUBSCRIPTION_ID } from './helpers';

const { make } = stravaTestSuite();

const IDS = [70_417_113_901, 70_417_113_902, 70_417_113_903];
const NAMES = ['Quokka Hill Repeats', 'Narwhal Tempo Loop', 'Axolotl Long Run'];

/** Every (table, column) holding any of the needles, searched over every table of the database. */
function traces(rt: TestRuntime, needles: string[]): string[] {
  const sqlite = rt.database.sqlite;
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as Array<{ name: string }>;
  expect(tables.length).toBeGreaterThan(10);
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = sqlite.prepare(`select * from "${name}"`).all() as Array<Record<string, unknown>>;
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const text = value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value);
        for (const needle of needles) if (text.includes(needle)) found.push(`${name}.${column}: ${needle}`);
      }
    }
  }
  return [...new Set(found)];
}

async function connectedWithActivities() {
  const tb = await make();
  const { rt, sim } = tb;
  sim.addAthlete(ATHLETE_ID);
  const days = ['2026-11-17', '2026-11-18', '2026-11-19'];
  IDS.forEach((id, i) => {
    sim.putActivity(ATHLETE_ID, { id, name: NAMES[i], start_date: `${days[i]}T07:00:00Z`, start_date_local: `${days[i]}T08:00:00Z`, workout_type: i === 0 ? 3 : 0 });
  });
  const { cookie } = await connectThroughApp(tb);
  await setMeta(rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), rt.clock.now());
  await rt.runner.drain();
  // Events naming the activities (an update, and a delete of the third) are in the inbox too.
  await postEvent(rt, event({ object_id: IDS[0], aspect_type: 'update', updates: { title: NAMES[0] ?? '' } }));
  await runFor(rt, 60_000, 10_000);
  expect((await stravaActivities(rt)).length).toBe(3);
  const before = await daysBetween(rt.deps.db, (await stravaConnection(rt))?.userId ?? '', '2026-11-17', '2026-11-19');
  expect(JSON.stringify(before)).toContain(NAMES[1]);
  expect(traces(rt, [...IDS.map(String), ...NAMES]).length).toBeGreaterThan(0);
  return { tb, cookie };
}

describe('purge leaves no trace', () => {
  it('disconnect: no table holds the activity ids or names afterwards, and the days are rewritten', async () => {
    const { tb, cookie } = await connectedWithActivities();
    const { rt } = tb;
    const res = await rt.request('/api/me/connections/strava', { method: 'DELETE', headers: { cookie, origin: 'http://hardday.test' } });
    expect(res.status).toBe(200);
    await runFor(rt, 60_000, 10_000);
    expect(traces(rt, [...IDS.map(String), ...NAMES])).toEqual([]);
    const userId = (await stravaConnection(rt))?.userId ?? '';
    const days = await daysBetween(rt.deps.db, userId, '2026-11-17', '2026-11-19');
    for (const d of days) {
      expect(d.activities).toEqual([]);
      expect(d.source).not.toBe('actual');
    }
  });

  it('confirmed deauthorization: the same', async () => {
    const { tb } = await connectedWithActivities();
    const { rt, sim } = tb;
    sim.deauthorize(ATHLETE_ID);
    await postEvent(rt, event({ object_type: 'athlete', object_id: ATHLETE_ID, aspect_type: 'update', updates: { authorized: 'false' } }));
    await runFor(rt, 60_000, 10_000);
    expect((await stravaConnection(rt))?.status).toBe('revoked');
    expect(traces(rt, [...IDS.map(String), ...NAMES])).toEqual([]);
  });
});
