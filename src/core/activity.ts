/**
 * @module core/activity
 * A completed activity as every source (Strava, Garmin, files) hands it to the core, in the
 * units its field names say. The database row is derived from this, never the other way round.
 */
import { z } from 'zod';
import { PROVIDERS, SPORTS, WORKOUT_TYPES } from './vocabulary';

export const NewActivitySchema = z.object({
  provider: z.enum(PROVIDERS),
  externalId: z.string().min(1),
  /** the runner's local calendar date, YYYY-MM-DD */
  localDate: z.string(),
  /** local wall-clock start, YYYY-MM-DDTHH:MM:SS */
  startLocal: z.string(),
  utcOffsetMin: z.number().int(),
  startUtcMs: z.number().int(),
  timeZone: z.string().nullish(),
  sport: z.enum(SPORTS),
  name: z.string().nullish(),
  durationS: z.number().int().nonnegative(),
  movingTimeS: z.number().int().nonnegative().nullish(),
  distanceM: z.number().nonnegative().nullish(),
  elevationGainM: z.number().nullish(),
  avgHrBpm: z.number().nullish(),
  maxHrBpm: z.number().nullish(),
  hrZoneTimesS: z.array(z.number()).nullish(),
  workoutType: z.enum(WORKOUT_TYPES).nullish(),
  perceivedExertion: z.number().int().min(1).max(10).nullish(),
  /** the provider's payload as received, kept for a short retention window */
  rawPayload: z.string().nullish(),
  rawExpiresAtMs: z.number().int().nullish(),
});
export type NewActivity = z.infer<typeof NewActivitySchema>;
