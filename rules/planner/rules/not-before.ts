import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_NOT_BEFORE = defineRule({
  id: 'R-NOT-BEFORE',
  title: 'not before a key run',
  trigger: 'The next day is a HARD run, long run or race.',
  action: 'No session on the day before a hard run or race (R2, R-FALLBACK); should one ever sit there, no heavy lower-body strength (heavy lifts swapped for their regressions, no plyometrics). Fallback days additionally need the next two days free of hard runs (R-FALLBACK).',
  reason: 'Heavy leg work can leave your legs less economical for up to 2 days.',
  source: 'Doma 2019; Doma 2017',
});

export const notBeforeRule: SessionRule = sessionRule(R_NOT_BEFORE, 40, {
  shape(_ctx, s, dose) {
    if (!s.nextHard || dose.kind === 'circuit') return undefined;
    dose.noHeavy = true;
    dose.noPlyo = true;
    return 'Tomorrow is a hard day, so no heavy leg work today.';
  },
});
