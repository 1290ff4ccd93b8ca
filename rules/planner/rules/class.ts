import { defineRule } from '../rule';

export const R_CLASS = defineRule({
  id: 'R-CLASS',
  title: 'classify days',
  trigger: 'Every synced day.',
  action: 'Label OFF / EASY / HARD (rules/classify.ts) and keep the evidence.',
  reason: 'We call a day hard because it was a workout/race/long run or you spent ≥ 8 min above threshold.',
  source: 'Sylta 2014; Seiler & Tønnessen 2009; Foster 2001; Frandsen 2025',
});
