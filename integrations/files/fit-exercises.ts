/**
 * @module integrations/files/fit-exercises
 * The rules library's exercises (`rules/catalog/exercises.ts`, by id) in FIT's strength
 * catalogue: an `exerciseCategory` and, where FIT has a close match, an exercise name within it.
 * Exercises FIT has no category for fall back to `unknown`; a category without a matching name
 * leaves the name out (watches then show the step name we write).
 */
import { Profile } from '@garmin/fitsdk';
import { exerciseLibrary } from '../../rules';

/** FIT category (camelCase as in the SDK profile) and exercise name key within it. */
export type FitExerciseRef = readonly [category: string, name?: string];

export const FIT_EXERCISE_BY_ID: Readonly<Record<string, FitExerciseRef>> = {
  glute_bridge: ['hipRaise', 'hipRaise'],
  banded_lateral_walk: ['bandedExercises', 'lateralBandWalks'],
  clamshell: ['hipRaise', 'clams'],
  bodyweight_squat: ['squat', 'squat'],
  dead_bug: ['hipStability', 'deadBug'],
  leg_swings: ['warmUp', 'forwardAndBackwardLegSwings'],
  pogo_jumps: ['plyo'],
  squat_jump: ['plyo', 'bodyWeightJumpSquat'],
  kettlebell_swing: ['hipRaise', 'kettlebellSwing'],
  hip_thrust: ['hipRaise', 'barbellHipThrustWithBench'],
  dumbbell_hip_thrust: ['hipRaise', 'weightedHipRaise'],
  single_leg_glute_bridge: ['hipRaise', 'singleLegHipRaise'],
  back_squat: ['squat', 'barbellBackSquat'],
  goblet_squat: ['squat', 'gobletSquat'],
  barbell_rdl: ['deadlift', 'romanianDeadlift'],
  dumbbell_rdl: ['deadlift', 'romanianDeadlift'],
  bulgarian_split_squat: ['lunge', 'dumbbellBulgarianSplitSquat'],
  step_up: ['squat', 'stepUp'],
  reverse_lunge: ['lunge', 'lunge'],
  single_leg_rdl: ['deadlift', 'singleLegRomanianDeadliftWithDumbbell'],
  eccentric_step_down: ['squat'],
  nordic_curl: ['legCurl'],
  eccentric_calf_raise: ['calfRaise', 'singleLegStandingCalfRaise'],
  bent_knee_calf_raise: ['calfRaise', 'singleLegBentKneeCalfRaise'],
  calf_raise: ['calfRaise', 'standingCalfRaise'],
  single_leg_balance_reach: ['hipStability'],
  copenhagen_plank: ['plank'],
  side_plank: ['plank', 'sidePlank'],
  front_plank: ['plank', 'plank'],
  pallof_press: ['core'],
  bird_dog: ['warmUp', 'oppositeArmAndLegBalance'],
  push_up: ['pushUp', 'pushUp'],
  dumbbell_row: ['row', 'singleArmNeutralGripDumbbellRow'],
  band_row: ['bandedExercises', 'row'],
  prone_y_raise: ['shoulderStability', 'floorYRaise'],
  split_squat: ['lunge'],
  db_bulgarian_split_squat: ['lunge', 'dumbbellBulgarianSplitSquat'],
  db_step_up: ['squat', 'dumbbellStepUp'],
  side_lying_hip_abduction: ['hipStability', 'standingHipAbduction'],
  seated_db_calf_raise: ['calfRaise', 'weightedSeatedCalfRaise'],
  db_calf_raise: ['calfRaise', 'singleLegStandingDumbbellCalfRaise'],
  db_floor_press: ['benchPress', 'dumbbellFloorPress'],
};

/** FIT's "no category" value. */
export const UNKNOWN_EXERCISE_CATEGORY = 65534;

type NumberByName = Record<string, string>;
const types = Profile.types as unknown as Record<string, NumberByName | undefined>;

function numberOf(table: NumberByName | undefined, key: string): number | undefined {
  if (!table) return undefined;
  for (const [num, name] of Object.entries(table)) if (name === key) return Number(num);
  return undefined;
}

export interface FitExercise {
  category: number;
  name?: number;
}

const idByName = new Map(exerciseLibrary.map((e) => [e.name.toLowerCase(), e.id]));

/** The FIT category/name numbers of an exercise, by its display name (as in a PlannedSession). */
export function fitExerciseFor(displayName: string): FitExercise {
  const id = idByName.get(displayName.toLowerCase());
  const ref = id === undefined ? undefined : FIT_EXERCISE_BY_ID[id];
  if (!ref) return { category: UNKNOWN_EXERCISE_CATEGORY };
  const category = numberOf(types.exerciseCategory, ref[0]);
  if (category === undefined) return { category: UNKNOWN_EXERCISE_CATEGORY };
  const name = ref[1] === undefined ? undefined : numberOf(types[`${ref[0]}ExerciseName`], ref[1]);
  return name === undefined ? { category } : { category, name };
}
