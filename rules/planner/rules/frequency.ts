import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R3 = defineRule({
  id: 'R3',
  title: 'frequency',
  trigger: 'Every plan.',
  action: '2 sessions a week by default, never more than 3 (per ISO week, and in any 7 consecutive days); never two strength days in a row (planned, logged or synced strength).',
  reason: 'Two short sessions a week are enough; a day between lets you recover.',
  source: 'S2, S4',
});

export const ABSOLUTE_WEEKLY_MAX = 3;

/** Adjacency and cap checks on a per-day occupancy array (index = day - base). */
export function canPlace(occupied: readonly boolean[], i: number, weekCount: number, weekTarget: number): boolean {
  if (occupied[i] || occupied[i - 1] || occupied[i + 1]) return false;
  if (weekCount >= weekTarget) return false;
  // any 7-day window containing i must hold < 3 sessions
  for (let s = i - 6; s <= i; s++) {
    let c = 0;
    for (let j = s; j < s + 7; j++) if (j !== i && occupied[j]) c++;
    if (c >= ABSOLUTE_WEEKLY_MAX) return false;
  }
  return true;
}

export const frequencyRule: SessionRule = sessionRule(R3, 75, {
  shape(_ctx, s) {
    return `At least a day from any other strength session, ${s.weekTarget} this week at most.`;
  },
});
