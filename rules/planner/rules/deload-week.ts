import type { History } from '../../classify';
import { CLASS_RANK } from '../../classify';
import { isoWeekday, WEEKDAY_KEYS } from '../../dates';
import { classifyPlannedRun } from '../../keywords';
import type { AthleteProfile, DayClass, PlannedRun } from '../../types';
import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_DELOAD_WEEK = defineRule({
  id: 'R-DELOAD-WEEK',
  title: 'deload week',
  trigger: '≥ 3 planned runs missed in the last 7 days, or < 60 % of the planned runs of the last 7 days done (at least 2 planned).',
  action: 'Strength sets −50 % for sessions in the next 7 days.',
  reason: "Your week went off-plan; we're trimming lifting so you can restart smoothly.",
  source: 'Runna; [H]',
});

export function deloadFires(planned: number, done: number): boolean {
  const missed = planned - done;
  return missed >= 3 || (planned >= 2 && done / planned < 0.6);
}

/** Planned runs (imported plan, else weekly template) of the last 7 days: planned, done, hard ones missed. */
export function plannedVsDone(hist: History, plannedByDay: Map<number, PlannedRun[]>, athlete: AthleteProfile, today: number): { planned: number; done: number; missedHard: number } {
  let planned = 0;
  let done = 0;
  let missedHard = 0;
  for (let dn = Math.max(hist.from, today - 7); dn < today; dn++) {
    let expected: DayClass | undefined;
    const pr = plannedByDay.get(dn);
    if (pr?.length) {
      expected = 'off';
      for (const p of pr) {
        const c = classifyPlannedRun(p).class;
        if (CLASS_RANK[c] > CLASS_RANK[expected]) expected = c;
      }
    } else {
      expected = athlete.weeklyTemplate?.[WEEKDAY_KEYS[isoWeekday(dn)] as keyof NonNullable<AthleteProfile['weeklyTemplate']>];
    }
    if (!expected || expected === 'off') continue;
    planned++;
    const i = dn - hist.from;
    if (hist.ran[i]) done++;
    if (expected === 'hard' && hist.cls[i] !== 2) missedHard++;
  }
  return { planned, done, missedHard };
}

export const deloadRule: SessionRule = sessionRule(R_DELOAD_WEEK, 35, {
  shape(ctx, s, dose) {
    if (!ctx.deload || s.dn > ctx.today + 6) return undefined;
    dose.setsFactor = Math.min(dose.setsFactor, 0.5);
    return "Your week went off-plan: half the sets so you can restart smoothly.";
  },
});
