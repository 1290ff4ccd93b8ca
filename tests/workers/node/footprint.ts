/**
 * Measure the database footprint of the workload on the Node runtime (SQLite, the same schema and
 * SQL as D1), for docs/scaling.md: rows and bytes per athlete per year, rows written per webhook
 * event end to end, statements and rows read per page. `npx tsx tests/workers/node/footprint.ts`.
 */
import type Database from 'better-sqlite3';
import { scheduledTasks } from '../../../src/app/schedule';
import { setupServer } from 'msw/node';
import { createStravaSim, stravaHandlers } from '../../msw/strava';
import { makeTestRuntime, manualClock } from '../../helpers/runtime';
import { intervalRun } from '../../scenarios/strava';
import { connectStrava, postStravaEvent, stravaEvent, ATHLETE_ID } from '../../scenarios/strava';
import { type Driver, runFor, SCENARIO_ENV } from '../../scenarios/driver';


type Stmt = { all: (...a: unknown[]) => unknown[]; get: (...a: unknown[]) => unknown; run: (...a: unknown[]) => unknown; iterate: (...a: unknown[]) => unknown; raw: (...a: unknown[]) => unknown };

/** Count statements and rows returned on every prepared statement of this connection. */
function instrument(sqlite: Database.Database) {
  const counts = { statements: 0, rowsReturned: 0 };
  const proto = Object.getPrototypeOf(sqlite.prepare('select 1')) as Stmt;
  const wrap = <K extends 'all' | 'get' | 'run'>(name: K) => {
    const original = proto[name] as (...a: unknown[]) => unknown;
    (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      counts.statements++;
      const result = original.apply(this, args);
      if (name === 'all' && Array.isArray(result)) counts.rowsReturned += result.length;
      if (name === 'get' && result !== undefined) counts.rowsReturned += 1;
      return result;
    };
  };
  wrap('all');
  wrap('get');
  wrap('run');
  return counts;
}

const tableBytes = (sqlite: Database.Database) =>
  sqlite.prepare("select name, sum(pgsize - unused) as bytes from dbstat where name not like 'sqlite_%' group by name order by bytes desc").all() as Array<{ name: string; bytes: number }>;
const tableRows = (sqlite: Database.Database, name: string) => (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
const totalChanges = (sqlite: Database.Database) => (sqlite.prepare('select total_changes() as n').get() as { n: number }).n;

const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });
const clock = manualClock('2026-11-20T12:00:00Z');
const sim = createStravaSim({ now: () => clock.now(), clientId: SCENARIO_ENV.STRAVA_CLIENT_ID, clientSecret: SCENARIO_ENV.STRAVA_CLIENT_SECRET, enforceLimits: false });
server.use(...stravaHandlers(sim));
const rt = await makeTestRuntime({ env: { ...SCENARIO_ENV, STRAVA_BACKFILL_WEEKS: '52' }, clock: { ...clock, set: () => {} } });
const sqlite = rt.database.sqlite;
const d: Driver = {
  runtime: 'node',
  clock,
  request: (p, i) => rt.request(p, i),
  runDueJobs: () => rt.runner.drain(),
  runScheduleUntil: async () => {},
  advanceClock: (ms) => clock.advance(ms),
  dispose: () => rt.dispose(),
};

// One year of a committed runner: 6 runs a week (one interval session), 312 activities.
const DAY = 86_400_000;
for (let i = 1; i <= 364; i++) {
  if (i % 7 === 0) continue;
  const start = new Date(Date.parse('2026-11-19T06:00:00Z') - i * DAY);
  const iso = start.toISOString().replace(/\.\d+Z$/, 'Z');
  sim.putActivity(ATHLETE_ID, { ...intervalRun(17_000_000_000 + i, iso, iso), workout_type: i % 7 === 3 ? 3 : 0, average_heartrate: i % 7 === 3 ? 166 : 140, name: `Run ${i}` });
}
const cookie = await connectStrava(d, sim);
await rt.request('/api/me/settings', { method: 'PUT', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ timeZone: 'Europe/Berlin', sex: 'f', hrMaxBpm: 190, hrRestBpm: 50, equipment: ['bodyweight'] }) });
await runFor(d, 600_000, 20_000);
const feed = (await (await rt.request('/api/me/calendar-feed', { headers: { cookie } })).json()) as { url: string };
await rt.request(new URL(feed.url).pathname);
await runFor(d, 60_000, 20_000);

const bytes = tableBytes(sqlite);
const isTable = (name: string) => (sqlite.prepare("select type from sqlite_master where name = ?").get(name) as { type: string } | undefined)?.type === 'table';
const perTable = bytes.map((b) => ({ ...b, rows: isTable(b.name) ? tableRows(sqlite, b.name) : null }));

// Writes per webhook: one new activity, event → fetch → upsert → replan → calendar, end to end.
sim.putActivity(ATHLETE_ID, intervalRun(18_000_000_001, '2026-11-20T06:00:00Z', '2026-11-20T07:00:00Z'));
const counts = instrument(sqlite);
const changesBefore = totalChanges(sqlite);
const s0 = counts.statements;
await postStravaEvent(d, stravaEvent({ object_id: 18_000_000_001 }));
const webhookStatements = counts.statements - s0;
const webhookChanges = totalChanges(sqlite) - changesBefore;
await runFor(d, 60_000, 5_000);
const eventStatements = counts.statements - s0;
const eventChanges = totalChanges(sqlite) - changesBefore;

const pages: Record<string, { statements: number; rowsReturned: number; status: number }> = {};
for (const [name, path] of [
  ['days (4 weeks)', '/api/me/days?from=2026-10-24&to=2026-11-20'],
  ['plan (2 weeks)', '/api/me/plan?from=2026-11-20&to=2026-12-03'],
  ['ICS feed', new URL(feed.url).pathname],
  ['home page', '/'],
  ['healthz/detail', '/healthz/detail'],
] as const) {
  const b = { s: counts.statements, r: counts.rowsReturned };
  const res = await rt.request(path, { headers: { cookie } });
  await res.arrayBuffer();
  pages[name] = { statements: counts.statements - b.s, rowsReturned: counts.rowsReturned - b.r, status: res.status };
}

// Steady state: raw provider payloads past their retention (7 days) are dropped by the hourly purge.
clock.advance(8 * DAY);
const retention = scheduledTasks.find((t) => t.name === 'strava-raw-retention');
if (retention) await rt.deps.jobs.enqueue(retention.job(clock.now()));
await rt.runner.drain();
const afterRetention = tableBytes(sqlite);

console.log(JSON.stringify({ afterRetention: { totalBytes: afterRetention.reduce((a, b) => a + b.bytes, 0), activities: afterRetention.filter((b) => b.name.startsWith('activities')) }, activities: tableRows(sqlite, 'activities'), perTable, totalBytes: perTable.reduce((a, b) => a + b.bytes, 0), webhook: { requestStatements: webhookStatements, requestRowsChanged: webhookChanges, endToEndStatements: eventStatements, endToEndRowsChanged: eventChanges }, pages }, null, 2));
server.close();
await rt.dispose();
