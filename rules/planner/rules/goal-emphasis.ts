import type { Race } from '../../types';
import { defineRule } from '../rule';

export const R7 = defineRule({
  id: 'R7',
  title: 'goal-emphasis',
  trigger: 'A goal race (the next A race, else the next B race).',
  action: 'Road ≤ 10 km: power and hip strength (plyometrics, hip thrusts). Trail or ultra (> 42.2 km): stability, single-leg and whole-leg strength, eccentric control. Other goals: balanced whole-leg session.',
  reason: 'Train the qualities your race asks for.',
  source: 'S1; Blagrove 2018',
});

export type Emphasis = 'power' | 'trail' | 'general';

export function goalEmphasis(goal: Race | undefined): Emphasis {
  if (!goal) return 'general';
  if (goal.terrain === 'trail' || goal.distanceM > 42_500) return 'trail';
  if (goal.distanceM <= 10_000) return 'power';
  return 'general';
}

/** main slots per emphasis (after activation); lower priority number = kept first when trimming */
export const MAIN_SLOTS: Record<Emphasis, ReadonlyArray<{ role: string; ids: readonly string[]; priority: number }>> = {
  power: [
    { role: 'power', ids: ['pogo_jumps', 'squat_jump', 'kettlebell_swing'], priority: 1 },
    { role: 'hip', ids: ['hip_thrust', 'dumbbell_hip_thrust', 'single_leg_glute_bridge'], priority: 0 },
    { role: 'squat', ids: ['back_squat', 'goblet_squat', 'bulgarian_split_squat', 'reverse_lunge'], priority: 2 },
    { role: 'hinge', ids: ['barbell_rdl', 'dumbbell_rdl', 'single_leg_rdl'], priority: 5 },
    { role: 'calf', ids: ['bent_knee_calf_raise', 'calf_raise'], priority: 4 },
    { role: 'core', ids: ['side_plank', 'pallof_press', 'bird_dog', 'dead_bug'], priority: 3 },
    { role: 'upper', ids: ['push_up', 'dumbbell_row', 'band_row', 'prone_y_raise'], priority: 6 },
  ],
  trail: [
    { role: 'single_leg', ids: ['bulgarian_split_squat', 'step_up', 'reverse_lunge'], priority: 0 },
    { role: 'eccentric', ids: ['eccentric_step_down', 'nordic_curl'], priority: 1 },
    { role: 'hinge', ids: ['single_leg_rdl', 'dumbbell_rdl', 'single_leg_glute_bridge'], priority: 4 },
    { role: 'calf', ids: ['eccentric_calf_raise', 'bent_knee_calf_raise', 'calf_raise'], priority: 3 },
    { role: 'stability', ids: ['single_leg_balance_reach', 'copenhagen_plank'], priority: 5 },
    { role: 'core', ids: ['side_plank', 'pallof_press', 'bird_dog', 'dead_bug'], priority: 2 },
    { role: 'upper', ids: ['dumbbell_row', 'push_up', 'band_row', 'prone_y_raise'], priority: 6 },
  ],
  general: [
    { role: 'squat', ids: ['back_squat', 'goblet_squat', 'bulgarian_split_squat', 'reverse_lunge'], priority: 0 },
    { role: 'hip', ids: ['hip_thrust', 'dumbbell_hip_thrust', 'single_leg_glute_bridge'], priority: 1 },
    { role: 'hinge', ids: ['single_leg_rdl', 'dumbbell_rdl', 'single_leg_glute_bridge'], priority: 4 },
    { role: 'calf', ids: ['bent_knee_calf_raise', 'calf_raise'], priority: 3 },
    { role: 'core', ids: ['side_plank', 'pallof_press', 'bird_dog', 'dead_bug'], priority: 2 },
    { role: 'upper', ids: ['push_up', 'dumbbell_row', 'band_row', 'prone_y_raise'], priority: 5 },
  ],
};

export function emphasisReason(e: Emphasis, goal: Race | undefined): string {
  const name = goal?.name ?? (goal ? `your ${(goal.distanceM / 1000).toFixed(goal.distanceM % 1000 ? 1 : 0)} km ${goal.terrain} race` : '');
  if (e === 'power') return `Power and hip strength for ${name}: short road races reward quick, stiff legs.`;
  if (e === 'trail') return `Stability, single-leg and eccentric work for ${name}: trails and long descents demand control.`;
  return goal ? `Balanced whole-leg strength for ${name}.` : 'No goal race set: a balanced whole-leg session.';
}
