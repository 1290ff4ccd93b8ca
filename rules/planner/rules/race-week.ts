import { defineRule } from '../rule';

export const R9 = defineRule({
  id: 'R9',
  title: 'race-week',
  trigger: 'A race in the plan window (any priority), or a race in the last 14 days.',
  action: 'Nothing on race day or the day before; in the week before a goal race fewer sets, no new exercises, no heavy work; after the race, no strength for a recovery time scaled to distance: ceil(km / 6) days, 2 to 14 (5–10 km: 2, half: 4, marathon: 7, 100 km: 14).',
  reason: 'Fresh legs on race day, and time to recover afterwards.',
  source: 'S1, S3 (+ taper science)',
});

export function recoveryDays(distanceM: number): number {
  return Math.min(14, Math.max(2, Math.ceil(distanceM / 6000)));
}
