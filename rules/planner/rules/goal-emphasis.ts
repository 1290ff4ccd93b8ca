import { dayNumber } from '../../dates';
import type { Race } from '../../types';
import { defineRule, type SessionRule, sessionRule } from '../rule';
import type { Emphasis, Variant, Slot } from '../model';

export type { Emphasis, Variant, Slot };

export const R7 = defineRule({
  id: 'R7',
  title: 'goal-emphasis',
  trigger: 'A goal race (the next A race, else the next B race).',
  action:
    'Two alternating sessions per goal. Road ≤ 10 km: power and hip strength (A: plyometrics + squat + soleus + hip thrust; B: plyometrics + hinge + single-leg + calf). Trail or ultra (> 42.2 km): stability, single-leg and eccentric control (A: single-leg + eccentric step-down + eccentric calf; B: Nordic or hinge + loaded step-up + soleus + hip stability). Other goals: balanced whole-leg A/B (A: squat + soleus + hip; B: hinge + single-leg + calf + hip abduction). Runners with dumbbells or a gym get the loaded variant of each pattern, trail runners included.',
  reason: 'Train the qualities your race asks for.',
  source: 'S1; Blagrove 2018',
});


export function goalEmphasis(goal: Race | undefined): Emphasis {
  if (!goal) return 'general';
  if (goal.terrain === 'trail' || goal.distanceM > 42_500) return 'trail';
  if (goal.distanceM <= 10_000) return 'power';
  return 'general';
}


const SQUAT = ['back_squat', 'goblet_squat', 'db_bulgarian_split_squat', 'bulgarian_split_squat', 'split_squat'];
const HINGE = ['barbell_rdl', 'dumbbell_rdl', 'single_leg_rdl'];
const SINGLE_LEG = ['db_step_up', 'db_bulgarian_split_squat', 'bulgarian_split_squat', 'step_up', 'reverse_lunge', 'split_squat'];
const SOLEUS = ['seated_db_calf_raise', 'bent_knee_calf_raise', 'calf_raise'];
const CALF = ['db_calf_raise', 'eccentric_calf_raise', 'calf_raise'];
const HIP = ['hip_thrust', 'dumbbell_hip_thrust', 'single_leg_glute_bridge'];
const CORE_A = ['side_plank', 'pallof_press', 'bird_dog', 'dead_bug'];
const CORE_B = ['front_plank', 'pallof_press', 'bird_dog', 'dead_bug'];
const UPPER_A = ['push_up', 'db_floor_press', 'prone_y_raise'];
const UPPER_B = ['dumbbell_row', 'band_row', 'prone_y_raise'];

const core = (ids: readonly string[]): Slot => ({ role: 'core', ids, priority: 6, superset: true, keep: true });
const upper = (ids: readonly string[]): Slot => ({ role: 'upper', ids, priority: 7, superset: true, keep: true });

export const PROGRAMME: Record<Emphasis, Record<Variant, readonly Slot[]>> = {
  general: {
    A: [
      { role: 'squat', ids: SQUAT, priority: 0, keep: true },
      core(CORE_A),
      { role: 'calf', ids: SOLEUS, priority: 1, keep: true },
      upper(UPPER_A),
      { role: 'hip', ids: HIP, priority: 2, keep: true },
    ],
    B: [
      { role: 'hinge', ids: HINGE, priority: 0, keep: true },
      core(CORE_B),
      { role: 'single_leg', ids: SINGLE_LEG, priority: 1 },
      upper(UPPER_B),
      { role: 'calf', ids: CALF, priority: 2, keep: true },
      { role: 'hip', ids: ['side_lying_hip_abduction', 'clamshell'], priority: 3, keep: true },
    ],
  },
  power: {
    A: [
      { role: 'power', ids: ['pogo_jumps', 'kettlebell_swing'], priority: 3 },
      { role: 'squat', ids: SQUAT, priority: 0, keep: true },
      core(CORE_A),
      { role: 'calf', ids: SOLEUS, priority: 1, keep: true },
      upper(UPPER_A),
      { role: 'hip', ids: HIP, priority: 2, keep: true },
    ],
    B: [
      { role: 'power', ids: ['squat_jump', 'kettlebell_swing'], priority: 3 },
      { role: 'hinge', ids: HINGE, priority: 0, keep: true },
      core(CORE_B),
      { role: 'single_leg', ids: SINGLE_LEG, priority: 2 },
      upper(UPPER_B),
      { role: 'calf', ids: CALF, priority: 1, keep: true },
      { role: 'hip', ids: ['side_lying_hip_abduction', 'clamshell'], priority: 4, keep: true },
    ],
  },
  trail: {
    A: [
      { role: 'single_leg', ids: ['db_bulgarian_split_squat', 'bulgarian_split_squat', 'split_squat'], priority: 0, keep: true },
      core(CORE_A),
      { role: 'eccentric', ids: ['eccentric_step_down', 'step_up'], priority: 2 },
      upper(UPPER_A),
      { role: 'calf', ids: ['db_calf_raise', 'eccentric_calf_raise', 'calf_raise'], priority: 1, keep: true },
      { role: 'hip', ids: HIP, priority: 3, keep: true },
    ],
    B: [
      { role: 'hinge', ids: ['nordic_curl', 'dumbbell_rdl', 'single_leg_rdl'], priority: 0, keep: true },
      core(CORE_B),
      { role: 'single_leg', ids: ['db_step_up', 'step_up', 'split_squat'], priority: 1 },
      upper(UPPER_B),
      { role: 'calf', ids: SOLEUS, priority: 2, keep: true },
      { role: 'stability', ids: ['copenhagen_plank', 'single_leg_balance_reach', 'side_lying_hip_abduction'], priority: 3, keep: true },
    ],
  },
};

export function emphasisReason(e: Emphasis, goal: Race | undefined): string {
  const name = goal?.name ?? (goal ? `your ${(goal.distanceM / 1000).toFixed(goal.distanceM % 1000 ? 1 : 0)} km ${goal.terrain} race` : '');
  if (e === 'power') return `Power and hip strength for ${name}: short road races reward quick, stiff legs.`;
  if (e === 'trail') return `Stability, single-leg and eccentric work for ${name}: climbs and descents demand control.`;
  return goal ? `Balanced whole-leg strength for ${name}.` : 'No goal race set: a balanced whole-leg programme.';
}

export const goalEmphasisRule: SessionRule = sessionRule(R7, 55, {
  shape(ctx, s, dose) {
    if (dose.kind === 'mobility' || ctx.injury?.noRun) return undefined;
    if (s.phase === 'recovery' && (!ctx.goal || dayNumber(ctx.goal.date) < s.dn)) return 'Between goals: a balanced whole-leg programme.';
    return emphasisReason(ctx.emphasis, ctx.goal);
  },
});
