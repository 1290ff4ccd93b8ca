import { defineRule } from '../rule';

export const R_DELOAD_WEEK = defineRule({
  id: 'R-DELOAD-WEEK',
  title: 'deload week',
  trigger: '≥ 3 planned runs missed in the last 7 days, or < 60 % of the planned runs of the last 7 days done (at least 2 planned).',
  action: 'Strength sets −50 % for sessions in the next 7 days.',
  reason: "Your week went off-plan; we're trimming lifting so you can restart smoothly.",
  source: 'Runna; [H]',
});
export function deloadFires(planned: number, done: number): boolean {
  const missed = planned - done;
  return missed >= 3 || (planned >= 2 && done / planned < 0.6);
}
