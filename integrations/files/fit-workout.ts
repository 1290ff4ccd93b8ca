/**
 * @module integrations/files/fit-workout
 * A planned strength session as a FIT workout file (`GET /api/me/plan/<id>.fit`, `plan --fit-dir`):
 * file_id (type workout), workout (training / strength_training, the session title), then one
 * step per set of every exercise (reps or time, FIT exercise category and name) with a rest step
 * after each set except the last of the session.
 */
import { Encoder, type FileIdMesg, Profile, type WorkoutMesg, type WorkoutStepMesg } from '@garmin/fitsdk';
import type { Exercise, PlannedSession } from '../../rules';
import { fitExerciseFor } from './fit-exercises';

/** Garmin devices accept at most this many steps in a single-sport workout. */
export const MAX_WORKOUT_STEPS = 100;
/** FIT strings are byte-limited by devices; names beyond this are cut. */
const MAX_NAME_CHARS = 40;

export type WorkoutSessionInput = Pick<PlannedSession, 'id' | 'title' | 'start' | 'exercises'> & Partial<Pick<PlannedSession, 'date' | 'durationMin' | 'kind'>>;

/** FIT global message numbers (fixed by the FIT profile). */
const MESG = { fileId: Profile.MesgNum.FILE_ID ?? 0, workout: Profile.MesgNum.WORKOUT ?? 26, workoutStep: Profile.MesgNum.WORKOUT_STEP ?? 27 };

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

/** One FIT `workout_step` message body (before the message index). */
export interface WorkoutStepPlan {
  kind: 'set' | 'rest';
  exercise?: Exercise;
  setNumber?: number;
}

/** The steps a session becomes: every set, a rest after each but the last. */
export function workoutSteps(exercises: readonly Exercise[]): WorkoutStepPlan[] {
  const steps: WorkoutStepPlan[] = [];
  for (const exercise of exercises) {
    for (let set = 1; set <= Math.max(1, Math.floor(exercise.sets)); set++) {
      steps.push({ kind: 'set', exercise, setNumber: set });
      if (exercise.restSec > 0) steps.push({ kind: 'rest' });
    }
  }
  if (steps[steps.length - 1]?.kind === 'rest') steps.pop();
  return steps;
}

function restAfter(steps: readonly WorkoutStepPlan[], index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const e = steps[i]?.exercise;
    if (e) return e.restSec;
  }
  return 0;
}

/** Encode `session` as a FIT workout file. `createdAt` is the file's time_created (default: the session start). */
export function encodeWorkoutFit(session: WorkoutSessionInput, createdAt?: Date): Uint8Array {
  const steps = workoutSteps(session.exercises);
  if (steps.length > MAX_WORKOUT_STEPS) {
    throw new RangeError(`session ${session.id}: ${steps.length} workout steps, more than the ${MAX_WORKOUT_STEPS} a watch accepts`);
  }
  const created = createdAt ?? new Date(Date.parse(session.start));
  const encoder = new Encoder();
  const fileId: FileIdMesg = {
    type: 'workout',
    manufacturer: 'development',
    product: 0,
    serialNumber: 0,
    timeCreated: Number.isNaN(created.getTime()) ? new Date(0) : created,
  };
  encoder.onMesg(MESG.fileId, fileId);
  const workout: WorkoutMesg = {
    sport: 'training',
    subSport: 'strengthTraining',
    wktName: cut(session.title, MAX_NAME_CHARS),
    numValidSteps: steps.length,
  };
  encoder.onMesg(MESG.workout, workout);
  steps.forEach((step, messageIndex) => {
    const exercise = step.exercise;
    if (step.kind === 'rest' || !exercise) {
      const rest: WorkoutStepMesg = {
        messageIndex,
        wktStepName: 'Rest',
        intensity: 'rest',
        durationType: 'time',
        durationValue: restAfter(steps, messageIndex) * 1000,
        targetType: 'open',
      };
      encoder.onMesg(MESG.workoutStep, rest);
      return;
    }
    const fit = fitExerciseFor(exercise.name);
    const timed = exercise.reps === undefined && exercise.seconds !== undefined;
    const set: WorkoutStepMesg = {
      messageIndex,
      wktStepName: cut(exercise.name, MAX_NAME_CHARS),
      intensity: 'active',
      durationType: timed ? 'time' : 'reps',
      durationValue: timed ? Math.round((exercise.seconds ?? 0) * 1000) : Math.round(exercise.reps ?? 0),
      targetType: 'open',
      exerciseCategory: fit.category,
      ...(fit.name !== undefined ? { exerciseName: fit.name } : {}),
      ...(exercise.load || exercise.cue ? { notes: cut([exercise.load, exercise.cue].filter(Boolean).join(' · '), 200) } : {}),
    };
    encoder.onMesg(MESG.workoutStep, set);
  });
  return encoder.close();
}

/** A file name for a session's workout: `<date>-<id>.fit`, safe on every file system. */
export function workoutFileName(session: Pick<PlannedSession, 'id' | 'date'>): string {
  return `${session.date}-${session.id}`.replace(/[^A-Za-z0-9._-]+/g, '_') + '.fit';
}
