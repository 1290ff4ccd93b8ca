/** Public types of the rules library. Everything here is plain data (JSON-serialisable). */
import type { DayClass, Equipment, ExperienceLevel, InjuryArea, LoadMethod, RacePriority, Sex, Sport, Terrain, WeekdayKey, WorkoutType } from './vocabulary';

export type { DayClass, Equipment, ExperienceLevel, InjuryArea, LoadMethod, RacePriority, Sex, Sport, Terrain, WeekdayKey, WorkoutType };

export interface AthleteProfile {
  /** IANA time zone, e.g. 'Europe/Paris' */
  timeZone: string;
  sex?: Sex;
  hrMaxBpm?: number;
  hrRestBpm?: number;
  lthrBpm?: number;
  thresholdPaceSPerKm?: number;
  /** novice/returning → R11 return mode */
  experience: ExperienceLevel;
  /** bodyweight is always implied */
  equipment: Equipment[];
  /**
   * canRun false: strength replaces running (R12). lowImpactCleared (optional): a clinician
   * cleared low-impact aerobic work (cycling, swimming, pool running), which the plan then offers.
   */
  injury?: { area: InjuryArea; canRun: boolean; lowImpactCleared?: boolean };
  /** 'HH:MM' local */
  preferredStrengthTime?: string;
  /** hours between the end of a hard run and the session; default 3 */
  strengthGapAfterRunH?: number;
  /** default per R3/R8; capped at 3 */
  sessionsPerWeek?: number;
  /** default 30 (R4) */
  maxSessionMinutes?: number;
  weeklyTemplate?: Partial<Record<WeekdayKey, DayClass>>;
  /** cross-training makes a day easy when true */
  crossTrainingCounts?: boolean;
}

export interface ActivityInput {
  /** provider id as string */
  id: string;
  sport: Sport;
  /** local wall clock 'YYYY-MM-DDTHH:mm:ss' in the activity's own zone */
  startLocal: string;
  /** offset of that local time from UTC in minutes (e.g. +60) */
  utcOffsetMin: number;
  durationS: number;
  movingTimeS?: number;
  distanceM?: number;
  elevationGainM?: number;
  avgHrBpm?: number;
  maxHrBpm?: number;
  /** time in HR zones (Strava zones: 5 buckets), when known */
  hrZoneTimesS?: number[];
  workoutType?: WorkoutType;
  /** title, used for keyword evidence (intervals, tempo, ...) */
  name?: string;
  /** 1-10 session RPE when the runner gave one */
  perceivedExertion?: number;
}

export interface Race {
  id: string;
  date: string;
  distanceM: number;
  terrain: Terrain;
  priority: RacePriority;
  name?: string;
}

/** imported plan / calendar entry */
export interface PlannedRun {
  date: string;
  title: string;
  description?: string;
  /** 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DDTHH:mm:ss' local, optional */
  startLocal?: string;
  /** planned duration in minutes, optional (else the runner's usual duration that weekday) */
  durationMin?: number;
}

export interface StrengthLog {
  sessionId: string;
  date: string;
  status: 'done' | 'skipped';
}


/**
 * Load of one activity. All methods report on one scale where one hour at
 * threshold ≈ 100 (TRIMP(100)/rTSS-like) so they can be summed into a daily load.
 */
export interface ActivityLoad {
  value: number;
  method: LoadMethod;
  estimatedThresholds: boolean;
}

export interface DayActivity {
  id: string;
  sport: Sport;
  name?: string;
  durationS: number;
  distanceM?: number;
  load: number;
  loadMethod: LoadMethod;
  /** this run is why its day asks for an effort rating (Day.needsEffortRating) */
  needsEffortRating?: boolean;
}

/** contract.md Day shape */
export interface Day {
  date: string;
  class: DayClass;
  source: 'actual' | 'expected';
  load: number;
  evidence: string[];
  activities: DayActivity[];
  /** 0..1, for expected days */
  confidence?: number;
  /** a run that cannot be classified without an effort rating (treadmill without HR or distance) */
  needsEffortRating?: boolean;
}

export interface Exercise {
  name: string;
  sets: number;
  reps?: number;
  seconds?: number;
  restSec: number;
  load?: string;
  rir?: number;
  cue?: string;
  /** done in the rests of this (main) exercise: a superset */
  supersetWith?: string;
}

/** contract.md PlannedSession shape */
export interface PlannedSession {
  id: string;
  date: string;
  /** ISO-8601 with the runner's UTC offset at that date */
  start: string;
  durationMin: number;
  title: string;
  kind: 'strength' | 'mobility' | 'circuit';
  exercises: Exercise[];
  /** at most 4 rule ids, in precedence order, one runner-facing reason each */
  rules: string[];
  reasons: string[];
  /** one short sentence for the runner */
  summary?: string;
  /**
   * 'clock': start is a real clock time; 'after-run': the run's time is unknown, so pages and
   * calendars should say "after your run" (start is then only a nominal time that day).
   */
  timing?: 'clock' | 'after-run';
  /** alternating programme session */
  variant?: 'A' | 'B';
  /** every rule that shaped the session, in precedence order (for ?explain=full) */
  trace?: Array<{ rule: string; text: string }>;
}

export interface LoadPoint {
  date: string;
  load: number;
  ctl: number;
  atl: number;
  tsb: number;
  acwr: number | null;
  monotony: number | null;
  strain: number | null;
}

export interface PlanInput {
  today: string;
  athleteId: string;
  athlete: AthleteProfile;
  /** ideally the last 90+ days; any order */
  activities: ActivityInput[];
  races: Race[];
  plannedRuns?: PlannedRun[];
  strengthLog?: StrengthLog[];
  /** the last plan, for stable ids */
  previousSessions?: PlannedSession[];
  /** default 14 */
  horizonDays?: number;
  /**
   * Local wall clock of the replan in the athlete's zone, 'YYYY-MM-DDTHH:mm' (the rules
   * have no clock). When given, no session starts in the past: on that day a session
   * starts at now + 30 min at the earliest (rounded up to the quarter hour, at the latest
   * 21:00), else the day is not used. Absent or malformed: no such check.
   */
  nowLocal?: string;
}

export interface Thresholds {
  hrMaxBpm?: number;
  hrRestBpm?: number;
  lthrBpm?: number;
  /** threshold pace in s/km (given or estimated from runs) */
  thresholdPaceSPerKm?: number;
  /** true when any value was estimated rather than given */
  estimated: boolean;
  /** how each value was obtained, in words */
  method: string;
}

export interface PlanResult {
  days: Day[];
  sessions: PlannedSession[];
  /**
   * Today's point of the load series (fitness, fatigue, form, ACWR, monotony): what R-STR-FATIGUE
   * and R-MONO read. The whole series is computeLoadSeries over the actual days.
   */
  loadToday: LoadPoint;
  disclaimer: string;
  thresholds: Thresholds;
  /** plan-level notes (injury note, monotony suggestion, spike warning...) */
  notes: string[];
  /** the training phase used by R8 */
  phase: 'off-season' | 'build' | 'peak' | 'taper' | 'recovery' | 'injured' | 'return';
  /** planned sessions (previousSessions) marked done by a strength activity or the log on their day */
  completed?: Array<{ sessionId: string; date: string; via: 'activity' | 'log' }>;
}

export interface RuleDoc {
  id: string;
  title: string;
  trigger: string;
  action: string;
  reason: string;
  source: string;
}
