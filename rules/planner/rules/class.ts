import { defineRule } from '../rule';

export const R_CLASS = defineRule({
  id: 'R-CLASS',
  title: 'classify days',
  trigger: 'Every synced day.',
  action:
    'Label OFF / EASY / HARD (rules/classify.ts) and keep the evidence. Not hard: strides in an easy run, place names in titles ("Long Lake loop", "Hill Street") unless duration, climb, heart rate or pace agree, heart-rate drift at an easy pace (< 78 % of threshold speed). Hard: ≥ 500 m of climbing in ≥ 60 min; pace and long-run tests use grade-adjusted distance. A run without heart rate, distance or RPE (a treadmill, or a watch that recorded nothing) is easy and asks for an effort rating. Structured cross-training is hard when the runner counts cross-training.',
  reason: 'We call a day hard because it was a workout/race/long run or you spent ≥ 8 min above threshold.',
  source: 'Sylta 2014; Seiler & Tønnessen 2009; Foster 2001; Frandsen 2025',
});
