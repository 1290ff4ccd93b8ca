import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R15 = defineRule({
  id: 'R15',
  title: 'disclaimer',
  trigger: 'Every plan.',
  action: 'Carry a short "not medical advice; stop on pain" line (the plan\'s disclaimer, and every session\'s trace).',
  reason: 'This is training guidance, not medical advice.',
  source: 'S0, S3',
});

export const DISCLAIMER =
  'Training guidance, not medical advice. Stop any exercise that causes pain and see a professional if it persists.';

export const disclaimerRule: SessionRule = sessionRule(R15, 99, {
  shape() {
    return 'Not medical advice: stop any exercise that hurts.';
  },
});
