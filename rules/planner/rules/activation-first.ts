import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R5 = defineRule({
  id: 'R5',
  title: 'activation-first',
  trigger: 'Every session.',
  action: 'Open with mobility and activation: glute bridges, banded lateral walks (clamshells without bands), bodyweight squats (dead bugs when the knee is injured).',
  reason: 'Waking up the glutes and hips first makes the main work safer and better.',
  source: 'S3',
});
/** activation slots, in order; each slot lists candidates by preference */
export const ACTIVATION_SLOTS: readonly (readonly string[])[] = [
  ['glute_bridge', 'dead_bug'],
  ['banded_lateral_walk', 'clamshell', 'leg_swings'],
  ['bodyweight_squat', 'dead_bug', 'bird_dog'],
];

export const activationRule: SessionRule = sessionRule(R5, 92, {
  explain() {
    return 'Opens with glute and hip activation so the main work is safer.';
  },
});
