import { defineRule } from '../rule';

export const R_SPIKE = defineRule({
  id: 'R-SPIKE',
  title: 'single-run spike guard',
  trigger: 'A run in the last 3 days was > 1.10 × the longest run of the previous 30 days.',
  action: 'Next strength session: no plyometrics, sets −1, RIR ≥ 3; warn the runner.',
  reason: "That run was much longer than usual, which raises injury risk; we're going easier in the gym.",
  source: 'Frandsen 2025',
});
