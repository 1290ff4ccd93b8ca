/**
 * What a coach sees: derived values only (load, classes, evidence, sessions). Strava's terms let
 * a coach see values derived from an athlete's Strava data, never the data itself, so activity
 * names, descriptions, maps and streams never reach these views.
 */
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { latestLoadPoint, type Day } from '../../rules';
import { addDays, localDate } from '../core/dates';
import { liveGrants } from '../db/repositories/users';
import { athleteSettingsTable, connectionsTable, daysTable, plannedSessionsTable, strengthLogTable } from '../db/schema';
import type { AppDeps } from '../deps';

/** Days of history before the shown range that warm the fitness model up (as `loadView` does). */
const LOAD_SEED_DAYS = 120;

export interface RosterFlag {
  code: 'load_spike' | 'monotony' | 'injured' | 'needs_reconnecting';
  label: string;
}

export interface RosterRow {
  athleteId: string;
  displayName: string | null;
  fitness: number | null;
  fatigue: number | null;
  form: number | null;
  /** acute:chronic workload ratio: informational, not a prediction of injury */
  acuteChronicRatio: number | null;
  last7: Array<{ date: string; class: Day['class'] }>;
  flags: RosterFlag[];
  /** this week's sessions: how many were planned, and of those reported done or skipped */
  week: { done: number; skipped: number; planned: number };
  nextSession: { id: string; date: string; title: string } | null;
  fromStrava: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Monday of the ISO week that holds `date`. */
function weekStart(date: string): string {
  const dow = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -dow);
}

/**
 * The roster in a fixed number of queries (not per athlete): settings, ~4 months of day loads
 * (only the columns the load model needs, no evidence or activity JSON), this week's and the
 * coming sessions, the strength log and connection states, for every athlete at once.
 */
export async function rosterFor(deps: AppDeps, athletes: Array<{ userId: string; displayName: string | null }>): Promise<RosterRow[]> {
  if (athletes.length === 0) return [];
  const { db } = deps;
  const ids = athletes.map((a) => a.userId);
  const settings = await db
    .select({ userId: athleteSettingsTable.userId, timeZone: athleteSettingsTable.timeZone, injuryArea: athleteSettingsTable.injuryArea, injuryCanRun: athleteSettingsTable.injuryCanRun })
    .from(athleteSettingsTable)
    .where(inArray(athleteSettingsTable.userId, ids));
  const settingsOf = new Map(settings.map((s) => [s.userId, s]));
  // one local date per time zone, not per athlete (each localDate builds an Intl formatter)
  const todayByZone = new Map<string, string>();
  const todayIn = (zone: string) => {
    const known = todayByZone.get(zone);
    if (known) return known;
    const date = localDate(zone, deps.clock.now());
    todayByZone.set(zone, date);
    return date;
  };
  const todayOf = new Map(ids.map((id) => [id, todayIn(settingsOf.get(id)?.timeZone ?? 'UTC')]));
  const todays = [...todayOf.values()].sort();
  const minToday = todays[0] ?? '';
  const maxToday = todays[todays.length - 1] ?? '';
  const [dayRows, sessionRows, logRows, connectionRows] = await Promise.all([
    db
      .select({ userId: daysTable.userId, date: daysTable.date, dayClass: daysTable.dayClass, source: daysTable.source, load: daysTable.load })
      .from(daysTable)
      .where(and(inArray(daysTable.userId, ids), gte(daysTable.date, addDays(minToday, -(LOAD_SEED_DAYS + 6))), lte(daysTable.date, maxToday)))
      .orderBy(daysTable.userId, daysTable.date),
    db
      .select({ userId: plannedSessionsTable.userId, id: plannedSessionsTable.id, date: plannedSessionsTable.date, title: sql<string | null>`json_extract(${plannedSessionsTable.content}, '$.title')` })
      .from(plannedSessionsTable)
      .where(and(inArray(plannedSessionsTable.userId, ids), eq(plannedSessionsTable.status, 'planned'), gte(plannedSessionsTable.date, weekStart(minToday)), lte(plannedSessionsTable.date, addDays(maxToday, 28))))
      .orderBy(plannedSessionsTable.date),
    db
      .select({ userId: strengthLogTable.userId, sessionId: strengthLogTable.sessionId, status: strengthLogTable.status })
      .from(strengthLogTable)
      .where(and(inArray(strengthLogTable.userId, ids), gte(strengthLogTable.date, weekStart(minToday)))),
    db.select({ userId: connectionsTable.userId, provider: connectionsTable.provider, status: connectionsTable.status }).from(connectionsTable).where(inArray(connectionsTable.userId, ids)),
  ]);
  const group = <T extends { userId: string }>(rows: T[]) => {
    const out = new Map<string, T[]>();
    for (const r of rows) {
      const list = out.get(r.userId);
      if (list) list.push(r);
      else out.set(r.userId, [r]);
    }
    return out;
  };
  const daysBy = group(dayRows);
  const sessionsBy = group(sessionRows);
  const logBy = group(logRows);
  const connectionsBy = group(connectionRows);
  return athletes.map(({ userId, displayName }) => {
    const today = todayOf.get(userId) ?? minToday;
    const from = addDays(today, -(LOAD_SEED_DAYS + 6));
    const days = (daysBy.get(userId) ?? []).filter((d) => d.date >= from && d.date <= today);
    const latest = latestLoadPoint(days);
    const s = settingsOf.get(userId);
    const connections = connectionsBy.get(userId) ?? [];
    const log = logBy.get(userId) ?? [];
    const flags: RosterFlag[] = [];
    if (latest?.acwr != null && latest.acwr > 1.5) flags.push({ code: 'load_spike', label: 'load spike' });
    if (latest?.monotony != null && latest.monotony > 2) flags.push({ code: 'monotony', label: 'monotony' });
    if (s?.injuryArea) flags.push({ code: 'injured', label: `injured: ${s.injuryArea.replace('_', ' ')}${s.injuryCanRun ? '' : ", can't run"}` });
    if (connections.some((c) => c.status === 'needs_reconsent' || c.status === 'revoked')) flags.push({ code: 'needs_reconnecting', label: 'needs reconnecting' });
    const monday = weekStart(today);
    const sunday = addDays(monday, 6);
    const sessions = (sessionsBy.get(userId) ?? []).filter((x) => x.date >= monday);
    const thisWeek = sessions.filter((x) => x.date <= sunday);
    const reported = new Map(log.map((l) => [l.sessionId, l.status]));
    const next = sessions.find((x) => x.date >= today && !reported.has(x.id));
    return {
      athleteId: userId,
      displayName,
      fitness: latest ? round1(latest.ctl) : null,
      fatigue: latest ? round1(latest.atl) : null,
      form: latest ? round1(latest.tsb) : null,
      acuteChronicRatio: latest?.acwr != null ? Math.round(latest.acwr * 100) / 100 : null,
      last7: days.filter((d) => d.date > addDays(today, -7)).map((d) => ({ date: d.date, class: d.dayClass })),
      flags,
      week: { done: thisWeek.filter((x) => reported.get(x.id) === 'done').length, skipped: thisWeek.filter((x) => reported.get(x.id) === 'skipped').length, planned: thisWeek.length },
      nextSession: next ? { id: next.id, date: next.date, title: next.title ?? 'Strength' } : null,
      fromStrava: connections.some((c) => c.provider === 'strava'),
    };
  });
}

export async function rosterRow(deps: AppDeps, athleteId: string, displayName: string | null): Promise<RosterRow> {
  const [row] = await rosterFor(deps, [{ userId: athleteId, displayName }]);
  if (!row) throw new Error('roster row missing');
  return row;
}

export async function roster(deps: AppDeps, coachId: string): Promise<RosterRow[]> {
  const grants = await liveGrants(deps.db, { coachId });
  const rows = await rosterFor(deps, grants);
  return rows.sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? ''));
}

/** Days as a coach may see them: class, load and evidence, with no activity names. */
export function derivedDays(days: Day[]): Array<Omit<Day, 'activities'> & { activities: Array<{ sport: string; durationS: number; load: number }> }> {
  return days.map(({ activities, ...rest }) => ({ ...rest, activities: activities.map((a) => ({ sport: a.sport, durationS: a.durationS, load: a.load })) }));
}
