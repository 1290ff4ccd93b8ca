/**
 * Pure mapping from Strava's activity JSON to the core's `NewActivity`. No I/O, no clock:
 * the caller passes the raw payload and its expiry.
 */
import type { NewActivity } from '../../src/core/activity';
import { capNullable, MAX_NAME_CHARS, MAX_RAW_PAYLOAD_CHARS, MAX_ZONE_CHARS } from './limits';
import type { StravaActivity } from './wire';

type Sport = NewActivity['sport'];
type WorkoutType = NonNullable<NewActivity['workoutType']>;

const SPORT_BY_TYPE: Record<string, Sport> = {
  Run: 'run',
  TrailRun: 'trail_run',
  VirtualRun: 'treadmill_run',
  Walk: 'walk',
  Hike: 'hike',
  Snowshoe: 'hike',
  Ride: 'ride',
  VirtualRide: 'ride',
  GravelRide: 'ride',
  MountainBikeRide: 'ride',
  EBikeRide: 'ride',
  EMountainBikeRide: 'ride',
  Velomobile: 'ride',
  Handcycle: 'ride',
  Swim: 'swim',
  WeightTraining: 'strength',
  Workout: 'strength',
  Crossfit: 'strength',
  Yoga: 'yoga',
  Pilates: 'yoga',
  RockClimbing: 'climb',
};

const RUN_SPORTS: ReadonlySet<Sport> = new Set(['run', 'trail_run', 'treadmill_run']);

/** Strava `sport_type` (or the legacy `type`) to our sport; a treadmill run is a Run with `trainer`. */
export function mapSport(sportType: string | null | undefined, trainer: boolean | null | undefined): Sport {
  const sport = SPORT_BY_TYPE[sportType ?? ''] ?? 'other';
  if (sport === 'run' && trainer === true) return 'treadmill_run';
  return sport;
}

/** Runs: 1 race, 2 long run, 3 workout, 0/absent default. Other sports carry no run workout type. */
export function mapWorkoutType(sport: Sport, workoutType: number | null | undefined): WorkoutType | null {
  if (!RUN_SPORTS.has(sport)) return null;
  if (workoutType === 1) return 'race';
  if (workoutType === 2) return 'long';
  if (workoutType === 3) return 'workout';
  return 'default';
}

/** `"(GMT-05:00) America/New_York"` → `"America/New_York"` (the bracketed offset ignores DST). */
export function zoneFromStravaTimezone(timezone: string | null | undefined): string | null {
  if (!timezone) return null;
  const match = /\)\s*(\S+)\s*$/.exec(timezone);
  return match?.[1] ?? null;
}

/**
 * Local wall clock of the start. `start_date_local` is local time serialized with a misleading
 * `Z`, so the suffix is dropped, not converted.
 */
function wallClock(startDateLocal: string): string {
  return startDateLocal.replace(/(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, '').slice(0, 19);
}

function offsetMinutes(activity: StravaActivity, startUtcMs: number, startLocal: string): number {
  if (typeof activity.utc_offset === 'number') return Math.round(activity.utc_offset / 60);
  // Fall back to the difference between the local wall clock and UTC.
  return Math.round((Date.parse(`${startLocal}Z`) - startUtcMs) / 60_000);
}

/** What Strava reports as the local start when the athlete hides start times. */
const HIDDEN_START_TIME = 'T00:00:01';
/**
 * The local start we store instead. The date is real, the time is not: the planner reads
 * `startLocal` to tell when a run ended (e.g. whether a strength session fits after it), and
 * 00:00:01 would place every such run before dawn. Midday is the assumption least likely to
 * move a session in either direction. `startUtcMs` stays as Strava sent it (listing windows and
 * ordering use it) and the raw payload keeps Strava's value.
 */
const HIDDEN_START_ASSUMED_TIME = 'T12:00:00';

/** True when Strava hid the start time of this activity (reported as midnight + 1 s). */
export function startTimeHidden(activity: Pick<StravaActivity, 'start_date_local'>): boolean {
  return wallClock(activity.start_date_local).endsWith(HIDDEN_START_TIME);
}

/** Map one Strava activity (summary or detail) to the core shape. */
export function toNewActivity(activity: StravaActivity, raw: { payload?: string; expiresAtMs?: number } = {}): NewActivity {
  const startUtcMs = Date.parse(activity.start_date);
  if (Number.isNaN(startUtcMs)) throw new Error(`activity ${activity.id}: bad start_date`);
  const reportedLocal = wallClock(activity.start_date_local);
  const localDate = reportedLocal.slice(0, 10);
  const startLocal = startTimeHidden(activity) ? `${localDate}${HIDDEN_START_ASSUMED_TIME}` : reportedLocal;
  const sport = mapSport(activity.sport_type ?? activity.type, activity.trainer);
  const hasHr = activity.has_heartrate !== false;
  const mapped: NewActivity = {
    provider: 'strava',
    externalId: activity.id,
    localDate,
    startLocal,
    utcOffsetMin: offsetMinutes(activity, startUtcMs, reportedLocal),
    startUtcMs,
    timeZone: capNullable(zoneFromStravaTimezone(activity.timezone), MAX_ZONE_CHARS),
    sport,
    name: capNullable(activity.name, MAX_NAME_CHARS),
    durationS: Math.round(activity.elapsed_time),
    movingTimeS: activity.moving_time == null ? null : Math.round(activity.moving_time),
    distanceM: activity.distance ?? null,
    elevationGainM: activity.total_elevation_gain ?? null,
    avgHrBpm: hasHr ? (activity.average_heartrate ?? null) : null,
    maxHrBpm: hasHr ? (activity.max_heartrate ?? null) : null,
    workoutType: mapWorkoutType(sport, activity.workout_type),
  };
  // Only the detail carries RPE: leave the field out (keep what is stored) when absent.
  if (typeof activity.perceived_exertion === 'number') mapped.perceivedExertion = Math.round(activity.perceived_exertion);
  if (raw.payload !== undefined && raw.payload.length <= MAX_RAW_PAYLOAD_CHARS) {
    mapped.rawPayload = raw.payload;
    mapped.rawExpiresAtMs = raw.expiresAtMs ?? null;
  }
  return mapped;
}

/** Fields whose change matters to classification; used by reconciliation to skip no-op upserts. */
export function activityFingerprint(a: Pick<NewActivity, 'sport' | 'startUtcMs' | 'durationS' | 'movingTimeS' | 'distanceM' | 'avgHrBpm' | 'workoutType' | 'name' | 'localDate'>): string {
  return JSON.stringify([a.sport, a.startUtcMs, a.durationS, a.movingTimeS ?? null, a.distanceM ?? null, a.avgHrBpm ?? null, a.workoutType ?? null, a.name ?? null, a.localDate]);
}
