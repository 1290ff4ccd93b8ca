import { defineRule } from '../rule';

export const R15 = defineRule({
  id: 'R15',
  title: 'disclaimer',
  trigger: 'Every plan.',
  action: 'Carry a short "not medical advice; stop on pain" line.',
  reason: 'This is training guidance, not medical advice.',
  source: 'S0, S3',
});

export const DISCLAIMER =
  'Training guidance, not medical advice. Stop any exercise that causes pain and see a professional if it persists.';
