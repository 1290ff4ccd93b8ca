/**
 * Exercise library as data (issue item 6). Each entry: regions loaded (InjuryArea vocabulary,
 * used by injury mode to avoid an area), muscles, minimum equipment, impact, plyometric,
 * heavy (heavy or high-soreness), a bodyweight regression, a one-line cue and a default dose.
 */
import type { Equipment, InjuryArea } from '../types';

export type ExerciseRole =
  | 'activation'
  | 'power'
  | 'hip'
  | 'squat'
  | 'hinge'
  | 'single_leg'
  | 'eccentric'
  | 'calf'
  | 'stability'
  | 'core'
  | 'upper';

/** Movement patterns a balanced programme covers over two weeks (R6). */
export type Pattern = 'squat' | 'hinge' | 'single_leg' | 'calf' | 'hip' | 'core' | 'upper' | 'power' | 'mobility';

export interface ExerciseDef {
  id: string;
  name: string;
  role: ExerciseRole;
  regions: InjuryArea[];
  muscles: string[];
  equipment: Equipment;
  impact: 'none' | 'low' | 'high';
  plyometric: boolean;
  heavy: boolean;
  /** id of the bodyweight (or lighter) regression */
  regression?: string;
  /** performed per side */
  unilateral: boolean;
  reps?: number;
  seconds?: number;
  cue: string;
}

const W: InjuryArea[] = ['foot', 'ankle'];

export const exerciseLibrary: readonly ExerciseDef[] = [
  // activation & mobility (R5)
  { id: 'glute_bridge', name: 'Glute bridge', role: 'activation', regions: ['hip'], muscles: ['glutes', 'hamstrings'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: false, reps: 12, cue: 'Drive through the heels, ribs down, squeeze the glutes at the top.' },
  { id: 'banded_lateral_walk', name: 'Banded lateral walk', role: 'activation', regions: ['hip', 'knee', ...W], muscles: ['glutes', 'hips'], equipment: 'bands', impact: 'none', plyometric: false, heavy: false, regression: 'clamshell', unilateral: true, reps: 12, cue: 'Band above the knees, soft knees, small steps, keep the toes forward.' },
  { id: 'clamshell', name: 'Side-lying clamshell', role: 'activation', regions: ['hip'], muscles: ['glutes', 'hips'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 12, cue: 'Heels together, open the top knee without rolling the pelvis back.' },
  { id: 'bodyweight_squat', name: 'Bodyweight squat', role: 'activation', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: false, reps: 10, cue: 'Sit between the heels, knees track over the toes, chest proud.' },
  { id: 'dead_bug', name: 'Dead bug', role: 'activation', regions: [], muscles: ['core'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 8, cue: 'Low back pressed to the floor, move the opposite arm and leg slowly.' },
  { id: 'leg_swings', name: 'Leg swings', role: 'activation', regions: ['hip'], muscles: ['hips'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 10, cue: 'Hold a support, swing front-to-back then side-to-side, relaxed.' },
  // power (road emphasis, R7)
  { id: 'pogo_jumps', name: 'Pogo jumps', role: 'power', regions: ['foot', 'ankle', 'calf', 'achilles', 'shin'], muscles: ['calves'], equipment: 'bodyweight', impact: 'high', plyometric: true, heavy: false, regression: 'calf_raise', unilateral: false, seconds: 20, cue: 'Stiff ankles, quick light contacts, stay tall.' },
  { id: 'squat_jump', name: 'Squat jump', role: 'power', regions: ['knee', 'quad', 'hip', 'calf', 'achilles', ...W], muscles: ['quads', 'glutes', 'calves'], equipment: 'bodyweight', impact: 'high', plyometric: true, heavy: false, regression: 'bodyweight_squat', unilateral: false, reps: 5, cue: 'Quarter squat, jump as high as you can, land softly and reset.' },
  { id: 'kettlebell_swing', name: 'Kettlebell swing', role: 'power', regions: ['hip', 'hamstring', 'lower_back'], muscles: ['glutes', 'hamstrings'], equipment: 'kettlebell', impact: 'none', plyometric: false, heavy: false, regression: 'glute_bridge', unilateral: false, reps: 12, cue: 'Hinge, snap the hips, let the bell float to chest height.' },
  // hips
  { id: 'hip_thrust', name: 'Barbell hip thrust', role: 'hip', regions: ['hip'], muscles: ['glutes'], equipment: 'gym', impact: 'none', plyometric: false, heavy: true, regression: 'dumbbell_hip_thrust', unilateral: false, reps: 6, cue: 'Upper back on the bench, chin tucked, full hip extension, pause.' },
  { id: 'dumbbell_hip_thrust', name: 'Dumbbell hip thrust', role: 'hip', regions: ['hip'], muscles: ['glutes'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'single_leg_glute_bridge', unilateral: false, reps: 10, cue: 'Dumbbell on the hips, drive through the heels, pause at the top.' },
  { id: 'single_leg_glute_bridge', name: 'Single-leg glute bridge', role: 'hip', regions: ['hip', 'hamstring'], muscles: ['glutes', 'hamstrings'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 10, cue: 'Keep the pelvis level as you lift; free knee pulled in.' },
  // bilateral squat / hinge
  { id: 'back_squat', name: 'Back squat', role: 'squat', regions: ['knee', 'quad', 'hip', 'lower_back', ...W], muscles: ['quads', 'glutes'], equipment: 'gym', impact: 'none', plyometric: false, heavy: true, regression: 'goblet_squat', unilateral: false, reps: 5, cue: 'Brace, sit down between the hips, drive up fast; never to failure.' },
  { id: 'goblet_squat', name: 'Goblet squat', role: 'squat', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'bodyweight_squat', unilateral: false, reps: 8, cue: 'Weight at the chest, elbows inside the knees at the bottom.' },
  { id: 'barbell_rdl', name: 'Romanian deadlift', role: 'hinge', regions: ['hamstring', 'hip', 'lower_back', ...W], muscles: ['hamstrings', 'glutes'], equipment: 'gym', impact: 'none', plyometric: false, heavy: true, regression: 'dumbbell_rdl', unilateral: false, reps: 6, cue: 'Soft knees, push the hips back, bar close to the legs, flat back.' },
  { id: 'dumbbell_rdl', name: 'Dumbbell Romanian deadlift', role: 'hinge', regions: ['hamstring', 'hip', 'lower_back', ...W], muscles: ['hamstrings', 'glutes'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'single_leg_glute_bridge', unilateral: false, reps: 8, cue: 'Hinge until you feel the hamstrings, then stand tall.' },
  // single-leg & eccentric (trail emphasis, R7)
  { id: 'bulgarian_split_squat', name: 'Bulgarian split squat', role: 'single_leg', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, regression: 'reverse_lunge', unilateral: true, reps: 8, cue: 'Rear foot on a bench, drop the back knee straight down, front heel down.' },
  { id: 'step_up', name: 'Step-up', role: 'single_leg', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'bodyweight', impact: 'low', plyometric: false, heavy: false, unilateral: true, reps: 8, cue: 'Knee-height box, push through the top leg only, control the way down.' },
  { id: 'reverse_lunge', name: 'Reverse lunge', role: 'single_leg', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 8, cue: 'Step back, both knees at 90°, push back up through the front heel.' },
  { id: 'single_leg_rdl', name: 'Single-leg Romanian deadlift', role: 'hinge', regions: ['hamstring', 'hip', ...W], muscles: ['hamstrings', 'glutes'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, regression: 'single_leg_glute_bridge', unilateral: true, reps: 8, cue: 'Hips square, reach the free leg back as the chest goes forward.' },
  { id: 'eccentric_step_down', name: 'Eccentric step-down', role: 'eccentric', regions: ['knee', 'quad', ...W], muscles: ['quads'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 8, cue: 'Lower the free heel to the floor over 3 seconds, knee over the toes.' },
  { id: 'nordic_curl', name: 'Nordic hamstring curl (assisted)', role: 'eccentric', regions: ['hamstring', 'knee'], muscles: ['hamstrings'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: true, regression: 'single_leg_glute_bridge', unilateral: false, reps: 4, cue: 'Anchor the heels, lower as slowly as you can, push back up with the hands.' },
  { id: 'eccentric_calf_raise', name: 'Eccentric calf raise off a step', role: 'calf', regions: ['calf', 'achilles', 'foot', 'ankle'], muscles: ['calves'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, regression: 'calf_raise', unilateral: true, reps: 10, cue: 'Up on two feet, lower on one over 3 seconds below step level.' },
  { id: 'split_squat', name: 'Split squat', role: 'single_leg', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 8, cue: 'Staggered stance, both feet on the floor, lower the back knee straight down.' },
  { id: 'db_bulgarian_split_squat', name: 'Dumbbell Bulgarian split squat', role: 'single_leg', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'bulgarian_split_squat', unilateral: true, reps: 8, cue: 'Dumbbells at your sides, rear foot on a bench, front heel down.' },
  { id: 'db_step_up', name: 'Dumbbell step-up', role: 'single_leg', regions: ['knee', 'quad', 'hip', ...W], muscles: ['quads', 'glutes'], equipment: 'dumbbells', impact: 'low', plyometric: false, heavy: false, regression: 'step_up', unilateral: true, reps: 8, cue: 'Dumbbells at your sides, drive through the top leg, lower slowly.' },
  { id: 'side_lying_hip_abduction', name: 'Side-lying hip abduction', role: 'hip', regions: ['hip'], muscles: ['hips', 'glutes'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 12, cue: 'Top leg slightly behind you, toes forward, lift slowly without rolling back.' },
  { id: 'seated_db_calf_raise', name: 'Seated dumbbell calf raise (soleus)', role: 'calf', regions: ['calf', 'achilles'], muscles: ['calves'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'bent_knee_calf_raise', unilateral: false, reps: 15, cue: 'Dumbbells on the knees, balls of the feet on a plate, rise high, lower slowly.' },
  { id: 'db_calf_raise', name: 'Single-leg calf raise holding a dumbbell', role: 'calf', regions: ['calf', 'achilles', 'foot', 'ankle'], muscles: ['calves'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'calf_raise', unilateral: true, reps: 12, cue: 'Dumbbell in one hand, other hand on a wall, full range, slow down.' },
  { id: 'db_floor_press', name: 'Dumbbell floor press', role: 'upper', regions: ['upper_body'], muscles: ['upper'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'push_up', unilateral: false, reps: 10, cue: 'Lying on the floor, press up, lower until the elbows touch down.' },
  // calves
  { id: 'bent_knee_calf_raise', name: 'Bent-knee calf raise (soleus)', role: 'calf', regions: ['calf', 'achilles', 'foot', 'ankle'], muscles: ['calves'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, regression: 'calf_raise', unilateral: true, reps: 15, cue: 'Knee bent 30–45°, rise high and lower slowly.' },
  { id: 'calf_raise', name: 'Calf raise', role: 'calf', regions: ['calf', 'achilles', 'foot', 'ankle'], muscles: ['calves'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: false, reps: 15, cue: 'Full range: heels high, slow on the way down.' },
  // stability
  { id: 'single_leg_balance_reach', name: 'Single-leg balance reach', role: 'stability', regions: ['foot', 'ankle', 'knee', 'hip'], muscles: ['hips', 'calves'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, seconds: 30, cue: 'Stand on one leg and reach the other foot forward, side and back.' },
  { id: 'copenhagen_plank', name: 'Copenhagen plank (short lever)', role: 'stability', regions: ['hip', 'knee', 'upper_body'], muscles: ['hips', 'core'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, regression: 'side_plank', unilateral: true, seconds: 20, cue: 'Top knee on a bench, lift the hips in line, breathe.' },
  // core
  { id: 'side_plank', name: 'Side plank', role: 'core', regions: ['upper_body'], muscles: ['core', 'hips'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, regression: 'dead_bug', unilateral: true, seconds: 30, cue: 'Straight line from head to feet, push the floor away.' },
  { id: 'front_plank', name: 'Front plank', role: 'core', regions: ['upper_body'], muscles: ['core'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, regression: 'dead_bug', unilateral: false, seconds: 40, cue: 'Elbows under shoulders, squeeze glutes, do not let the hips sag.' },
  { id: 'pallof_press', name: 'Pallof press', role: 'core', regions: ['upper_body'], muscles: ['core'], equipment: 'bands', impact: 'none', plyometric: false, heavy: false, regression: 'dead_bug', unilateral: true, reps: 10, cue: 'Band to the side, press out and resist the rotation.' },
  { id: 'bird_dog', name: 'Bird dog', role: 'core', regions: ['lower_back'], muscles: ['core', 'glutes'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: true, reps: 8, cue: 'Reach long with the opposite arm and leg, keep the hips still.' },
  // upper body (R6 balance)
  { id: 'push_up', name: 'Push-up', role: 'upper', regions: ['upper_body'], muscles: ['upper'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: false, reps: 10, cue: 'Body in one line; hands on a bench to make it easier.' },
  { id: 'dumbbell_row', name: 'One-arm dumbbell row', role: 'upper', regions: ['upper_body'], muscles: ['upper'], equipment: 'dumbbells', impact: 'none', plyometric: false, heavy: false, regression: 'band_row', unilateral: true, reps: 10, cue: 'Flat back, pull the elbow to the hip.' },
  { id: 'band_row', name: 'Band row', role: 'upper', regions: ['upper_body'], muscles: ['upper'], equipment: 'bands', impact: 'none', plyometric: false, heavy: false, regression: 'prone_y_raise', unilateral: false, reps: 12, cue: 'Squeeze the shoulder blades together, elbows close.' },
  { id: 'prone_y_raise', name: 'Prone Y raise', role: 'upper', regions: ['upper_body'], muscles: ['upper'], equipment: 'bodyweight', impact: 'none', plyometric: false, heavy: false, unilateral: false, reps: 10, cue: 'Lying face down, lift the arms in a Y with thumbs up.' },
];

export const exerciseById: ReadonlyMap<string, ExerciseDef> = new Map(exerciseLibrary.map((e) => [e.id, e]));

/** Bodyweight is always available; a gym has everything. */
export function hasEquipment(owned: readonly Equipment[], needed: Equipment): boolean {
  if (needed === 'bodyweight') return true;
  for (const e of owned) if (e === needed || e === 'gym') return true;
  return false;
}

/** The movement pattern an exercise trains (R6 balance: hinge and Nordic both train the hamstrings). */
export function patternOf(def: ExerciseDef): Pattern {
  switch (def.role) {
    case 'activation':
      return def.muscles.includes('core') ? 'core' : 'mobility';
    case 'eccentric':
      return def.muscles.includes('hamstrings') ? 'hinge' : 'single_leg';
    case 'stability':
      return 'hip';
    default:
      return def.role;
  }
}
