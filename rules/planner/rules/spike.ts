import { dateString, isoWeekday, WEEKDAY_NAMES } from '../../dates';
import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_SPIKE = defineRule({
  id: 'R-SPIKE',
  title: 'single-run spike guard',
  trigger: 'A run in the last 3 days was > 1.10 × the longest run of the previous 30 days.',
  action: 'Next strength session: no plyometrics, sets −1, RIR ≥ 3, same exercises; warn the runner.',
  reason: "That run was much longer than usual, which raises injury risk; we're going easier in the gym.",
  source: 'Frandsen 2025',
});

export const spikeRule: SessionRule = sessionRule(R_SPIKE, 22, {
  shape(ctx, s, dose) {
    if (ctx.spikeDn === undefined || s.index !== 0 || ctx.injury?.noRun) return undefined;
    dose.noPlyo = true;
    dose.setsDelta -= 1;
    dose.rir = Math.max(dose.rir, 3);
    return `${WEEKDAY_NAMES[isoWeekday(ctx.spikeDn)]}'s run (${dateString(ctx.spikeDn)}) was much longer than usual, so the gym goes easier.`;
  },
});
