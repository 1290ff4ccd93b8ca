import { defineRule } from '../rule';

export const R_NOT_BEFORE = defineRule({
  id: 'R-NOT-BEFORE',
  title: 'not before a key run',
  trigger: 'The next day is a HARD run, long run or race.',
  action: 'No heavy lower-body strength (heavy lifts swapped for their regressions, no plyometrics). Fallback days additionally need the next two days free of hard runs (R-FALLBACK).',
  reason: 'Heavy leg work can leave your legs less economical for up to 2 days.',
  source: 'Doma 2019; Doma 2017',
});
export const NOT_BEFORE_REASON = "Tomorrow is a hard day, so no heavy leg work today — heavy lifting can blunt tomorrow's run.";
