/**
 * What a coach sees: derived values only (load, classes, evidence, sessions). Strava's terms let
 * a coach see values derived from an athlete's Strava data, never the data itself, so activity
 * names, descriptions, maps and streams never reach these views.
 */
import type { Day, LoadPoint, PlannedSession } from '../../rules';
import { addDays } from '../core/dates';
import { connectionsOfUser } from '../db/repositories/connections';
import { daysBetween, sessionsOf, strengthLogOf } from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import { liveGrants } from '../db/repositories/users';
import type { AppDeps } from '../deps';
import { athleteToday, loadView } from '../planning/views';

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
  week: { done: number; planned: number };
  nextSession: { id: string; date: string; title: string } | null;
  fromStrava: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Monday of the ISO week that holds `date`. */
function weekStart(date: string): string {
  const dow = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -dow);
}

export async function rosterRow(deps: AppDeps, athleteId: string, displayName: string | null): Promise<RosterRow> {
  const today = await athleteToday(deps, athleteId);
  const [load, days, settings, connections, sessions, log] = await Promise.all([
    loadView(deps, athleteId, { from: addDays(today, -6), to: today }),
    daysBetween(deps.db, athleteId, addDays(today, -6), today),
    readSettings(deps.db, athleteId),
    connectionsOfUser(deps.db, athleteId),
    sessionsOf(deps.db, athleteId, { from: weekStart(today), to: addDays(today, 28), status: 'planned' }),
    strengthLogOf(deps.db, athleteId),
  ]);
  const latest: LoadPoint | undefined = load[load.length - 1];
  const flags: RosterFlag[] = [];
  if (latest?.acwr !== null && latest?.acwr !== undefined && latest.acwr > 1.5) flags.push({ code: 'load_spike', label: 'load spike' });
  if (latest?.monotony !== null && latest?.monotony !== undefined && latest.monotony > 2) flags.push({ code: 'monotony', label: 'monotony' });
  if (settings?.injury) flags.push({ code: 'injured', label: `injured: ${settings.injury.area.replace('_', ' ')}${settings.injury.canRun ? '' : ", can't run"}` });
  if (connections.some((c) => c.status === 'needs_reconsent' || c.status === 'revoked')) flags.push({ code: 'needs_reconnecting', label: 'needs reconnecting' });
  const weekEnd = addDays(weekStart(today), 6);
  const thisWeek = sessions.filter((s) => s.date <= weekEnd);
  const doneIds = new Set(log.filter((l) => l.status === 'done').map((l) => l.sessionId));
  const next = sessions.find((s) => s.date >= today && !log.some((l) => l.sessionId === s.id));
  return {
    athleteId,
    displayName,
    fitness: latest ? round1(latest.ctl) : null,
    fatigue: latest ? round1(latest.atl) : null,
    form: latest ? round1(latest.tsb) : null,
    acuteChronicRatio: latest?.acwr != null ? Math.round(latest.acwr * 100) / 100 : null,
    last7: days.map((d) => ({ date: d.date, class: d.dayClass })),
    flags,
    week: { done: thisWeek.filter((s) => doneIds.has(s.id)).length, planned: thisWeek.length },
    nextSession: next ? { id: next.id, date: next.date, title: String((next.content as unknown as PlannedSession).title ?? 'Strength') } : null,
    fromStrava: connections.some((c) => c.provider === 'strava'),
  };
}

export async function roster(deps: AppDeps, coachId: string): Promise<RosterRow[]> {
  const grants = await liveGrants(deps.db, { coachId });
  const rows = await Promise.all(grants.map((g) => rosterRow(deps, g.userId, g.displayName)));
  return rows.sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? ''));
}

/** Days as a coach may see them: class, load and evidence, with no activity names. */
export function derivedDays(days: Day[]): Array<Omit<Day, 'activities'> & { activities: Array<{ sport: string; durationS: number; load: number }> }> {
  return days.map(({ activities, ...rest }) => ({ ...rest, activities: activities.map((a) => ({ sport: a.sport, durationS: a.durationS, load: a.load })) }));
}
