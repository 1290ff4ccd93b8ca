/** FIT workout files for planned strength sessions: decode every file written and compare. */
import { Decoder, Profile, Stream, type WorkoutStepMesg } from '@garmin/fitsdk';
import { describe, expect, it } from 'vitest';
import { encodeWorkoutFit, FIT_EXERCISE_BY_ID, fitExerciseFor, UNKNOWN_EXERCISE_CATEGORY, workoutFileName, workoutSteps } from '../../integrations/files';
import { exerciseLibrary, type PlannedSession } from '../../rules';

const session: PlannedSession = {
  id: 'ss_abc',
  date: '2026-12-01',
  start: '2026-12-01T18:30:00+01:00',
  durationMin: 28,
  title: 'Strength: power & hips',
  kind: 'strength',
  exercises: [
    { name: 'Glute bridge', sets: 1, reps: 12, restSec: 15 },
    { name: 'Goblet squat', sets: 3, reps: 8, restSec: 90, load: 'moderate dumbbell, 2 reps in reserve' },
    { name: 'Side plank', sets: 2, seconds: 30, restSec: 45 },
    { name: 'Something new', sets: 2, reps: 6, restSec: 60 },
  ],
  rules: ['R1'],
  reasons: ['because'],
};

function decode(bytes: Uint8Array) {
  expect(new Decoder(Stream.fromByteArray(bytes)).checkIntegrity()).toBe(true);
  const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read();
  expect(errors).toEqual([]);
  return messages;
}

/** What the decoded steps say, in the session's terms. */
function readSteps(steps: WorkoutStepMesg[]) {
  return steps.map((s) =>
    s.intensity === 'rest'
      ? { rest: Number(s.durationValue) / 1000 }
      : {
          name: s.wktStepName,
          ...(s.durationType === 'reps' ? { reps: s.durationValue } : { seconds: Number(s.durationValue) / 1000 }),
          category: s.exerciseCategory,
        },
  );
}

describe('encodeWorkoutFit', () => {
  it('writes file_id, workout and one step per set with rests between, and decodes back to the session', () => {
    const m = decode(encodeWorkoutFit(session));
    expect(m.fileIdMesgs?.[0]).toMatchObject({ type: 'workout', manufacturer: 'development' });
    expect(m.workoutMesgs?.[0]).toMatchObject({ sport: 'training', subSport: 'strengthTraining', wktName: 'Strength: power & hips', numValidSteps: 15 });
    const steps = m.workoutStepMesgs ?? [];
    expect(steps.map((s) => s.messageIndex)).toEqual(steps.map((_, i) => i));
    expect(readSteps(steps)).toEqual([
      { name: 'Glute bridge', reps: 12, category: 'hipRaise' },
      { rest: 15 },
      { name: 'Goblet squat', reps: 8, category: 'squat' },
      { rest: 90 },
      { name: 'Goblet squat', reps: 8, category: 'squat' },
      { rest: 90 },
      { name: 'Goblet squat', reps: 8, category: 'squat' },
      { rest: 90 },
      { name: 'Side plank', seconds: 30, category: 'plank' },
      { rest: 45 },
      { name: 'Side plank', seconds: 30, category: 'plank' },
      { rest: 45 },
      { name: 'Something new', reps: 6, category: 'unknown' },
      { rest: 60 },
      { name: 'Something new', reps: 6, category: 'unknown' },
    ]);
    const goblet = steps[2]!;
    expect(goblet.exerciseName).toBe(Number(Object.entries(Profile.types.squatExerciseName as Record<string, string>).find(([, v]) => v === 'gobletSquat')?.[0]));
    expect(goblet.notes).toBe('moderate dumbbell, 2 reps in reserve');
    expect(steps[12]!.exerciseName).toBeUndefined();
  });

  it('every session the planner can build round-trips (all library exercises, reps and time)', () => {
    const all: PlannedSession = {
      ...session,
      exercises: exerciseLibrary.map((e) => ({ name: e.name, sets: 2, restSec: 30, ...(e.reps !== undefined ? { reps: e.reps } : { seconds: e.seconds ?? 30 }) })),
    };
    expect(workoutSteps(all.exercises).length).toBeGreaterThan(100);
    expect(() => encodeWorkoutFit(all)).toThrow(/more than the 100/);
    const half: PlannedSession = { ...all, exercises: all.exercises.slice(0, 16) };
    const steps = decode(encodeWorkoutFit(half)).workoutStepMesgs ?? [];
    const sets = steps.filter((s) => s.intensity === 'active');
    expect(sets.map((s) => s.wktStepName)).toEqual(half.exercises.flatMap((e) => [e.name, e.name]));
    for (const s of sets) expect(s.exerciseCategory).not.toBe('unknown');
  });

  it('time_created defaults to the session start; the file name is safe and dated', () => {
    const m = decode(encodeWorkoutFit(session));
    expect(m.fileIdMesgs?.[0]?.timeCreated).toEqual(new Date('2026-12-01T17:30:00.000Z'));
    expect((m.fileIdMesgs![0]!.timeCreated as Date).toISOString()).toBe('2026-12-01T17:30:00.000Z');
    expect(workoutFileName({ id: 'ss/../x', date: '2026-12-01' })).toBe('2026-12-01-ss_.._x.fit');
  });
});

describe('exercise mapping', () => {
  it('covers every exercise of the library with a real FIT category, and every named exercise exists in FIT', () => {
    const categories = Profile.types.exerciseCategory as Record<string, string>;
    for (const e of exerciseLibrary) {
      const ref = FIT_EXERCISE_BY_ID[e.id];
      expect(ref, e.id).toBeDefined();
      const fit = fitExerciseFor(e.name);
      expect(fit.category, e.id).not.toBe(UNKNOWN_EXERCISE_CATEGORY);
      expect(categories[fit.category]).toBe(ref![0]);
      if (ref![1] !== undefined) {
        const names = (Profile.types as unknown as Record<string, Record<string, string>>)[`${ref![0]}ExerciseName`]!;
        expect(names[fit.name as number], e.id).toBe(ref![1]);
      }
    }
  });

  it('an unknown name falls back to the unknown category', () => {
    expect(fitExerciseFor('Underwater basket weaving')).toEqual({ category: UNKNOWN_EXERCISE_CATEGORY });
  });
});
