import { defineRule } from '../rule';

export const R14 = defineRule({
  id: 'R14',
  title: 'equipment',
  trigger: 'Every session.',
  action: "Prescribe only what the runner has (bodyweight always; a gym implies all); otherwise use the exercise's bodyweight regression.",
  reason: 'Only what you have at hand.',
  source: 'S4',
});
