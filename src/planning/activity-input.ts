/**
 * @module planning/activity-input
 * A stored activity row or a freshly parsed `NewActivity` → the planner's `ActivityInput`. One
 * mapping for the replan (database rows) and the offline `hardday plan` (parsed files).
 */
import type { ActivityInput } from '../../rules';
import type { NewActivity } from '../core/activity';

/** The fields both a database row (nulls) and a `NewActivity` (nullish) carry. */
export type ActivityLike = Pick<
  NewActivity,
  'externalId' | 'sport' | 'startLocal' | 'utcOffsetMin' | 'durationS' | 'movingTimeS' | 'distanceM' | 'elevationGainM' | 'avgHrBpm' | 'maxHrBpm' | 'hrZoneTimesS' | 'workoutType' | 'name' | 'perceivedExertion'
>;

export function activityInputOf(a: ActivityLike): ActivityInput {
  return {
    id: a.externalId,
    sport: a.sport,
    startLocal: a.startLocal,
    utcOffsetMin: a.utcOffsetMin,
    durationS: a.durationS,
    ...(a.movingTimeS != null ? { movingTimeS: a.movingTimeS } : {}),
    ...(a.distanceM != null ? { distanceM: a.distanceM } : {}),
    ...(a.elevationGainM != null ? { elevationGainM: a.elevationGainM } : {}),
    ...(a.avgHrBpm != null ? { avgHrBpm: a.avgHrBpm } : {}),
    ...(a.maxHrBpm != null ? { maxHrBpm: a.maxHrBpm } : {}),
    ...(a.hrZoneTimesS ? { hrZoneTimesS: a.hrZoneTimesS } : {}),
    ...(a.workoutType ? { workoutType: a.workoutType } : {}),
    ...(a.name ? { name: a.name } : {}),
    ...(a.perceivedExertion != null ? { perceivedExertion: a.perceivedExertion } : {}),
  };
}
