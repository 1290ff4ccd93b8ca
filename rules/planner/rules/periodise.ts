import { dayNumber, weekStart } from '../../dates';
import type { Race } from '../../types';
import type { PlanContext } from '../model';
import { monoWeekCap } from './monotony';
import { lastGoalRace, RECOVERY_PHASE_DAYS, recoveryDays } from './race-week';
import { defineRule, type SessionRule, sessionRule } from '../rule';
import { inReturn, returnWeekCap } from './return';
import type { Phase } from '../model';

export type { Phase };

export const R8 = defineRule({
  id: 'R8',
  title: 'periodise',
  trigger: 'Weeks to the goal race (next A race, else B) on the session day; a goal race already run.',
  action:
    'Off-season (no goal race in the next 12 weeks): up to 3 sessions, more load. Build (4–12 weeks): 2. Final weeks (2–4 weeks out): 2 sessions at maintenance volume, no progression. Taper: see R-TAPER. After a goal race: recovery phase (R9), then the next goal race sets the phase.',
  reason: 'More strength when races are far away, less as the race comes closer.',
  source: 'S1',
});

export const R_FREQ = defineRule({
  id: 'R-FREQ',
  title: 'frequency by phase',
  trigger: 'Phase and lifting experience.',
  action:
    'Base/build 2×/week (3× allowed for experienced runners in the off-season); recovery after a race 2×; first weeks of lifting: 2× full body at 8–12 reps. A sessionsPerWeek setting overrides the default (capped at 3). Returns are capped by R10 / R-RETURN.',
  reason: 'Two sessions a week are enough to improve running economy; one keeps the gains.',
  source: 'Blagrove 2018; Spiering 2021; ACSM 2009',
});


export function goalRace(races: readonly Race[], fromDn: number, dayNumber: (s: string) => number): Race | undefined {
  let best: Race | undefined;
  let bestDn = Number.POSITIVE_INFINITY;
  let bestPri = 9;
  for (const r of races) {
    if (r.priority === 'C') continue;
    const dn = dayNumber(r.date);
    if (dn < fromDn) continue;
    const pri = r.priority === 'A' ? 0 : 1;
    if (pri < bestPri || (pri === bestPri && (dn < bestDn || (dn === bestDn && r.id < (best?.id ?? ''))))) {
      best = r;
      bestDn = dn;
      bestPri = pri;
    }
  }
  return best;
}

export function phaseFor(daysToGoal: number | undefined): Phase {
  if (daysToGoal === undefined || daysToGoal > 84) return 'off-season';
  if (daysToGoal <= 14) return 'taper';
  if (daysToGoal <= 28) return 'peak';
  return 'build';
}

/** The training phase on a day: recovery after a goal race, else weeks to the next goal (R8). */
export function phaseOn(ctx: PlanContext, dn: number): Phase | 'recovery' {
  const last = lastGoalRace(ctx.input.races, dn);
  if (last && dn < last.dn + recoveryDays(last.race.distanceM) + 1 + RECOVERY_PHASE_DAYS) return 'recovery';
  const g = goalRace(ctx.input.races, dn, dayNumber);
  return phaseFor(g ? dayNumber(g.date) - dn : undefined);
}

/** R8 / R-FREQ / R10: the session target of the ISO week starting ws. */
export function weekTarget(ctx: PlanContext, ws: number): number {
  const spw = ctx.athlete.sessionsPerWeek;
  if (ctx.injury?.noRun) return Math.min(3, Math.max(1, spw ?? 3));
  const phase = phaseOn(ctx, Math.max(ws, ctx.today));
  let t = spw !== undefined ? Math.min(3, Math.max(1, Math.floor(spw))) : phase === 'off-season' && !ctx.returnMode ? 3 : 2;
  if (ctx.returnMode) t = Math.min(t, 2);
  const cap = returnWeekCap(ctx, ws);
  if (cap !== undefined) t = Math.min(t, cap);
  const monoCap = monoWeekCap(ctx.mono, ctx.today, ws, weekStart(ctx.today));
  if (monoCap !== undefined) t = Math.min(t, monoCap);
  return t;
}

function phaseText(phase: Phase | 'recovery', weeks: number | undefined): string {
  switch (phase) {
    case 'off-season':
      return 'No goal race in the next 12 weeks: off-season, the time to build strength.';
    case 'build':
      return `Goal race in about ${weeks} weeks: two sessions a week alongside your build.`;
    case 'peak':
      return `Goal race in about ${weeks} weeks: maintenance volume, no new load.`;
    case 'taper':
      return 'Goal race within two weeks: strength is dialled back.';
    case 'recovery':
      return 'Recovering from your race: easy strength before the next goal.';
    default: {
      const never: never = phase;
      return never;
    }
  }
}

export const periodiseRule: SessionRule = sessionRule(R8, 60, {
  shape(ctx, s, dose) {
    // in the taper R-TAPER says it
    if (ctx.injury?.noRun || ctx.returnMode || inReturn(ctx, s.dn) || ctx.taperHalf[s.i] || ctx.activationOnly[s.i]) return undefined;
    if (s.phase === 'peak') dose.baseSets = Math.min(dose.baseSets, 2);
    const g = goalRace(ctx.input.races, s.dn, dayNumber);
    const weeks = g ? Math.round((dayNumber(g.date) - s.dn) / 7) : undefined;
    return phaseText(s.phase, weeks);
  },
});

export const frequencyByPhaseRule: SessionRule = sessionRule(R_FREQ, 80, {
  shape(ctx, s) {
    if (ctx.injury?.noRun || ctx.athlete.sessionsPerWeek !== undefined) return undefined;
    return `${s.weekTarget} session${s.weekTarget > 1 ? 's' : ''} this week${ctx.ret ? ' while you return' : ''}: enough to keep improving your running economy.`;
  },
});
