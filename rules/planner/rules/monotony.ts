import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_MONO = defineRule({
  id: 'R-MONO',
  title: 'monotony',
  trigger: '7-day Foster monotony ≥ 2.0 at today.',
  action:
    'Suggest an OFF day; at most one strength session on an EASY day in the next 7 days (never none: an every-day easy runner still lifts once), and at most 2 sessions in the week after, so the count climbs back instead of jumping from 1 to 3.',
  reason: 'Your days have been too alike; a rest day helps you absorb training.',
  source: 'Foster 1998; Runalyze thresholds',
});
export const MONOTONY_THRESHOLD = 2;
/** easy-day sessions allowed in the next 7 days while monotony is high */
export const MONO_EASY_DAY_SESSIONS = 1;

/** The week after a monotonous one climbs back gradually: at most 2 sessions. */
export function monoWeekCap(mono: boolean, today: number, ws: number, thisWeekStart: number): number | undefined {
  return mono && ws > thisWeekStart && ws <= today + 13 ? 2 : undefined;
}

export const monotonyRule: SessionRule = sessionRule(R_MONO, 45, {
  shape(ctx, s) {
    if (!ctx.mono || s.dn > ctx.today + 6) return undefined;
    return 'Your days have been very alike: one strength session on an easy day this week, and a rest day would help.';
  },
});
