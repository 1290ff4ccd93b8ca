/**
 * @module integrations/garmin/transform
 * A Garmin activity summary → `NewActivity`. Garmin's `startTimeOffsetInSeconds` is the device's
 * display offset (a setting, not a zone): it gives the local wall clock and nothing more.
 */
import type { NewActivity } from '../../src/core/activity';
import type { Sport } from '../../src/core/vocabulary';
import type { ActivitySummary } from './wire';

const SPORTS: Record<string, Sport> = {
  RUNNING: 'run',
  STREET_RUNNING: 'run',
  TRACK_RUNNING: 'run',
  ULTRA_RUN: 'run',
  OBSTACLE_RUN: 'trail_run',
  TRAIL_RUNNING: 'trail_run',
  TREADMILL_RUNNING: 'treadmill_run',
  INDOOR_RUNNING: 'treadmill_run',
  VIRTUAL_RUN: 'treadmill_run',
  WALKING: 'walk',
  HIKING: 'hike',
  CYCLING: 'ride',
  ROAD_BIKING: 'ride',
  MOUNTAIN_BIKING: 'ride',
  INDOOR_CYCLING: 'ride',
  LAP_SWIMMING: 'swim',
  OPEN_WATER_SWIMMING: 'swim',
  STRENGTH_TRAINING: 'strength',
  YOGA: 'yoga',
  BOULDERING: 'climb',
  INDOOR_CLIMBING: 'climb',
};
const RUNS: ReadonlySet<Sport> = new Set(['run', 'trail_run', 'treadmill_run']);

export function mapGarminSport(activityType: string): Sport {
  return SPORTS[activityType.toUpperCase()] ?? 'other';
}

export function toNewActivity(s: ActivitySummary, raw?: { payload: string; expiresAtMs: number }): NewActivity {
  const startUtcMs = s.startTimeInSeconds * 1000;
  const utcOffsetMin = Math.round(s.startTimeOffsetInSeconds / 60);
  const startLocal = new Date(startUtcMs + utcOffsetMin * 60_000).toISOString().slice(0, 19);
  const sport = mapGarminSport(s.activityType);
  return {
    provider: 'garmin',
    externalId: s.summaryId,
    localDate: startLocal.slice(0, 10),
    startLocal,
    utcOffsetMin,
    startUtcMs,
    timeZone: null,
    sport,
    name: s.activityName ?? null,
    durationS: Math.round(s.durationInSeconds),
    movingTimeS: null,
    distanceM: s.distanceInMeters ?? null,
    elevationGainM: s.totalElevationGainInMeters ?? null,
    avgHrBpm: s.averageHeartRateInBeatsPerMinute ?? null,
    maxHrBpm: s.maxHeartRateInBeatsPerMinute ?? null,
    hrZoneTimesS: null,
    workoutType: RUNS.has(sport) ? 'default' : null,
    ...(raw ? { rawPayload: raw.payload, rawExpiresAtMs: raw.expiresAtMs } : {}),
  };
}
