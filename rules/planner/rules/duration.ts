import { defineRule } from '../rule';

export const R4 = defineRule({
  id: 'R4',
  title: 'duration',
  trigger: 'Every session.',
  action: 'Fit the session in 20–30 minutes including activation (maxSessionMinutes when the runner asks for longer); drop the lowest-priority block, then sets, until it fits.',
  reason: '20–30 minutes twice a week is enough to matter.',
  source: 'S2',
});
export const DEFAULT_MAX_MIN = 30;
export const MIN_SESSION_MIN = 20;
export function durationReason(min: number, max: number): string {
  return `About ${min} minutes including the warm-up — fits your ${max}-minute limit.`;
}
