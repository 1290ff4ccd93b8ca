import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_STR_FATIGUE = defineRule({
  id: 'R-STR-FATIGUE',
  title: 'fatigue',
  trigger: 'TSB < −30 at today.',
  action: 'Sessions in the next 7 days: sets −1, RIR +1.',
  reason: "You're carrying a lot of fatigue; same movements, less work.",
  source: 'TP/intervals TSB bands; Helms 2016',
});
export const FATIGUE_TSB = -30;

export const fatigueRule: SessionRule = sessionRule(R_STR_FATIGUE, 28, {
  shape(ctx, s, dose) {
    if (!ctx.fatigue || s.dn > ctx.today + 6) return undefined;
    dose.setsDelta -= 1;
    dose.rir += 1;
    return "You're carrying a lot of fatigue: same movements, less work.";
  },
});
