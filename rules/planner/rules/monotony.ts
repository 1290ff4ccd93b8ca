import { defineRule } from '../rule';

export const R_MONO = defineRule({
  id: 'R-MONO',
  title: 'monotony',
  trigger: '7-day Foster monotony ≥ 2.0 at today.',
  action: 'Suggest an OFF day; no strength added on EASY days in the next 7 days.',
  reason: 'Your days have been too alike; a rest day helps you absorb training.',
  source: 'Foster 1998; Runalyze thresholds',
});
export const MONOTONY_THRESHOLD = 2;
