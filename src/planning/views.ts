/**
 * Read models served by the JSON API (runner and coach): days, plan and load in the contract's
 * shapes, for a date range in the athlete's own calendar.
 */
import { type Day, DISCLAIMER, type LoadPoint, type PlannedSession, computeLoadSeries } from '../../rules';
import { daysBetween, sessionsOf } from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import { addDays, isCalendarDate, localDate } from '../core/dates';
import type { AppDeps } from '../deps';
import { notFound, validation } from '../core/errors';

const MAX_RANGE_DAYS = 400;

export interface DateRange {
  from: string;
  to: string;
}

/** Resolve `from`/`to` (either may be missing) against the athlete's today; 422 on nonsense. */
export function resolveRange(today: string, q: { from?: string | undefined; to?: string | undefined }, defaults: { back: number; ahead: number }): DateRange {
  for (const [field, value] of [['from', q.from], ['to', q.to]] as const) {
    if (value !== undefined && !isCalendarDate(value)) {
      throw validation(`${field} must be a date YYYY-MM-DD`, { fields: [{ field, message: 'must be a date YYYY-MM-DD' }] });
    }
  }
  const from = q.from ?? addDays(today, -defaults.back);
  const to = q.to ?? addDays(today, defaults.ahead);
  if (from > to) throw validation('from must not be after to', { fields: [{ field: 'from', message: 'must not be after to' }] });
  if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) throw validation(`a range may span at most ${MAX_RANGE_DAYS} days`, { fields: [{ field: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` }] });
  return { from, to };
}

export async function athleteToday(deps: AppDeps, userId: string): Promise<string> {
  const settings = await readSettings(deps.db, userId);
  if (!settings) throw notFound('athlete');
  return localDate(settings.timeZone, deps.clock.now());
}

export async function daysView(deps: AppDeps, userId: string, range: DateRange): Promise<Day[]> {
  const rows = await daysBetween(deps.db, userId, range.from, range.to);
  return rows.map((r) => {
    const activities = r.activities as unknown as Day['activities'];
    return {
      date: r.date,
      class: r.dayClass,
      source: r.source,
      load: Math.round(r.load * 10) / 10,
      evidence: r.evidence,
      activities,
      ...(r.confidence !== null ? { confidence: r.confidence } : {}),
      // the planner marks the run that needs a rating; the day carries the flag for the views
      ...(activities.some((a) => a.needsEffortRating === true) ? { needsEffortRating: true } : {}),
    };
  });
}

/**
 * Planned sessions over the range. Each carries a summary and at most four reasons with their rule
 * ids; `explain: 'full'` adds the trace of every rule that shaped it.
 */
export async function planView(deps: AppDeps, userId: string, range: DateRange, explain: 'short' | 'full' = 'short'): Promise<{ sessions: PlannedSession[]; disclaimer: string }> {
  const rows = await sessionsOf(deps.db, userId, { from: range.from, to: range.to, status: 'planned' });
  const sessions = rows.map((r) => r.content as unknown as PlannedSession);
  return { sessions: explain === 'full' ? sessions : sessions.map(({ trace: _trace, ...rest }) => rest), disclaimer: DISCLAIMER };
}

/** Fitness/fatigue/form over the range; the series is seeded from 120 days earlier so CTL is warm. */
export async function loadView(deps: AppDeps, userId: string, range: DateRange): Promise<LoadPoint[]> {
  const days = await daysView(deps, userId, { from: addDays(range.from, -120), to: range.to });
  return computeLoadSeries(days).filter((p) => p.date >= range.from && p.date <= range.to);
}
