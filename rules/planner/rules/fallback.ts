import { defineRule, type SessionRule, sessionRule } from '../rule';
import { timingText } from './pair-hard';

export const R_FALLBACK = defineRule({
  id: 'R-FALLBACK',
  title: 'fallback placement',
  trigger: 'Fewer free HARD days than strength sessions in the week (or hard days whose run ends too late to lift after it).',
  action:
    'Use EASY or OFF days at least 48 h before the next HARD day (the next two days are not hard), after the run on easy days; never two strength days in a row. A week that would otherwise get no session at all (returns, monotony, late runners) gets one light session on a day whose next day is not hard.',
  reason: "No hard day was free, so this goes where it won't touch your next key run.",
  source: 'Doma 2019 [H]',
});

/** tier of a guaranteed light session (a week that would otherwise have none) */
export const GUARANTEE_TIER = 3;

export function fallbackOk(next1Hard: boolean, next2Hard: boolean): boolean {
  return !next1Hard && !next2Hard;
}

export const fallbackRule: SessionRule = sessionRule(R_FALLBACK, 6, {
  shape(ctx, s, dose) {
    if (ctx.injury?.noRun || (s.cls === 2 && s.tier < 2)) return undefined;
    const day = s.dn === ctx.today ? 'Today' : s.weekday;
    const why = s.cls === 2 ? 'a hard day' : s.cls === 1 ? 'an easy day' : 'a rest day';
    if (s.tier === GUARANTEE_TIER) {
      dose.noHeavy = true;
      dose.noPlyo = true;
      return `${day} is ${why} with no hard run the next day: a light session so this week still has one. ${timingText(s.timing)}`;
    }
    const lead = ctx.ret && s.dn < ctx.ret.end ? 'While your runs come back easy, this goes' : 'No hard day was free, so this goes';
    return `${lead} on ${why} at least 48 h before your next key run. ${timingText(s.timing)}`;
  },
});
