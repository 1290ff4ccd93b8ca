import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R2 = defineRule({
  id: 'R2',
  title: 'no-hard-after-lift',
  trigger: 'Two hard days back to back.',
  action: 'Lift on the second hard day, never on the first, so no hard run follows a strength day (no session is ever placed the day before a hard run or race).',
  reason: 'A tough lift leaves your legs heavy the next day; the hard run comes first.',
  source: 'S3',
});

export const noHardAfterLiftRule: SessionRule = sessionRule(R2, 38, {
  shape(_ctx, s) {
    if (s.cls !== 2 || s.tier !== 0) return undefined;
    if (s.prevHard) return 'Two hard days in a row: lifting on the second keeps a hard run from following a strength day.';
    return undefined;
  },
});
