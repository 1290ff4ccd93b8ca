import { defineRule } from '../rule';

export const R2 = defineRule({
  id: 'R2',
  title: 'no-hard-after-lift',
  trigger: 'Two hard days back to back.',
  action: 'Lift on the second hard day, not the first, so no hard run follows a strength day.',
  reason: 'A tough lift leaves your legs heavy the next day; the hard run comes first.',
  source: 'S3',
});

/** true when placing on the first of two back-to-back hard days should be avoided. */
export function hardRunFollows(nextHard: boolean): boolean {
  return nextHard;
}
export const R2_REASON_SECOND = 'Two hard days in a row: lifting on the second keeps a hard run from following a strength day.';
export const R2_REASON_FIRST =
  'No other hard day was free, so this sits before tomorrow\'s hard run: it is kept light (no heavy legs).';
