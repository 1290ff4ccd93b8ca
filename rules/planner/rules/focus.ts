import { defineRule } from '../rule';

export const R6 = defineRule({
  id: 'R6',
  title: 'focus',
  trigger: 'Every session.',
  action: 'Core, glutes, hips, hamstrings and calves first; every session ends with an upper-body exercise (push-ups, rows) for balance.',
  reason: 'Core, glutes, hamstrings and calves carry you; a little upper body keeps you balanced.',
  source: 'S3, S4, S2',
});
