import { defineRule } from '../rule';

export const R11 = defineRule({
  id: 'R11',
  title: 'returning',
  trigger: "The runner's lifting experience is novice or returning.",
  action: 'Start in return mode: bodyweight (and bands) first, 1 set for the first sessions then 2, 8–10 reps, RIR ≥ 3–4; at most 2 sessions a week.',
  reason: 'Form and control before load when you are new or back to lifting.',
  source: 'S3',
});
