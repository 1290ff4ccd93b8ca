/**
 * @module files/offline-plan
 * The planner run on parsed files instead of the database: the same mapping `replanAthlete`
 * (src/planning/replan.ts) does from stored rows and settings, but from `NewActivity` values and
 * command-line options. Pure apart from nothing: no clock (`today` is an option), no I/O.
 * The activity mapping is the replan's own (`src/planning/activity-input.ts`).
 */
import { type ActivityInput, type AthleteProfile, type Day, type Equipment, type InjuryArea, type PlannedSession, type Race, addDays, planStrength } from '../../rules';
import type { NewActivity } from '../core/activity';
import { activityInputOf } from '../planning/activity-input';

/** History the planner sees, as in replan.ts. */
export const OFFLINE_HISTORY_DAYS = 120;
export const OFFLINE_HORIZON_DAYS = 14;

export const EQUIPMENT_VALUES = ['bodyweight', 'bands', 'dumbbells', 'kettlebell', 'gym'] as const satisfies readonly Equipment[];
export const INJURY_AREA_VALUES = ['foot', 'ankle', 'shin', 'calf', 'achilles', 'knee', 'hamstring', 'quad', 'hip', 'lower_back', 'upper_body'] as const satisfies readonly InjuryArea[];

export interface RaceOption {
  date: string;
  distanceM: number;
  terrain: 'road' | 'trail';
  priority: 'A' | 'B' | 'C';
  name?: string;
}

export interface OfflinePlanOptions {
  races: RaceOption[];
  /** YYYY-MM-DD in `tz` */
  today: string;
  /** IANA zone of the runner */
  tz: string;
  sex?: 'm' | 'f';
  hrMax?: number;
  hrRest?: number;
  /** bodyweight is implied */
  equipment?: Equipment[];
  /** an injured area: the planner avoids loading it (running continues) */
  injured?: InjuryArea;
  /** local wall clock now (`YYYY-MM-DDTHH:mm`) when `today` is the real today: no session starts in the past */
  nowLocal?: string;
  horizonDays?: number;
}

export interface OfflinePlan {
  days: Day[];
  sessions: PlannedSession[];
  /** plan-level notes from the planner (injury, monotony, spike…) */
  notes: string[];
  disclaimer: string;
}

/** Options → the planner's athlete profile (defaults as a new account's settings: regular, bodyweight). */
export function athleteProfileOf(options: OfflinePlanOptions): AthleteProfile {
  const equipment = options.equipment && options.equipment.length > 0 ? [...new Set(options.equipment)] : ['bodyweight' as const];
  return {
    timeZone: options.tz,
    experience: 'regular',
    equipment,
    ...(options.sex ? { sex: options.sex } : {}),
    ...(options.hrMax ? { hrMaxBpm: options.hrMax } : {}),
    ...(options.hrRest ? { hrRestBpm: options.hrRest } : {}),
    ...(options.injured ? { injury: { area: options.injured, canRun: true } } : {}),
  };
}

export function racesOf(options: OfflinePlanOptions): Race[] {
  return options.races.map((r, i) => ({
    id: `race-${i + 1}-${r.date}`,
    date: r.date,
    distanceM: r.distanceM,
    terrain: r.terrain,
    priority: r.priority,
    ...(r.name ? { name: r.name } : {}),
  }));
}

/** Classify the days and plan strength sessions from parsed activities. */
export function planOffline(activities: readonly NewActivity[], options: OfflinePlanOptions): OfflinePlan {
  const from = addDays(options.today, -OFFLINE_HISTORY_DAYS);
  const seen = new Set<string>();
  const inputs: ActivityInput[] = [];
  for (const a of activities) {
    if (a.localDate < from || a.localDate > options.today || seen.has(a.externalId)) continue;
    seen.add(a.externalId);
    inputs.push(activityInputOf(a));
  }
  const result = planStrength({
    today: options.today,
    ...(options.nowLocal ? { nowLocal: options.nowLocal } : {}),
    athleteId: 'offline',
    athlete: athleteProfileOf(options),
    activities: inputs,
    races: racesOf(options),
    horizonDays: options.horizonDays ?? OFFLINE_HORIZON_DAYS,
  });
  return { days: result.days, sessions: result.sessions, notes: result.notes, disclaimer: result.disclaimer };
}
