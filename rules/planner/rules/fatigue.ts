import { defineRule } from '../rule';

export const R_STR_FATIGUE = defineRule({
  id: 'R-STR-FATIGUE',
  title: 'fatigue',
  trigger: 'TSB < −30 at today.',
  action: 'Sessions in the next 7 days: sets −1, RIR +1.',
  reason: "You're carrying a lot of fatigue; same movements, less work.",
  source: 'TP/intervals TSB bands; Helms 2016',
});
export const FATIGUE_TSB = -30;
