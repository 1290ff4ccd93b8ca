import type { PlanContext } from '../model';
import { defineRule, type SessionRule, sessionRule } from '../rule';
import type { BreakInfo } from '../model';

export type { BreakInfo };

export const R10 = defineRule({
  id: 'R10',
  title: 'missed-runs',
  trigger: 'A gap in running of ≥ 6 days that is ongoing or ended within a return period as long as the gap, or a missed run today.',
  action:
    'Dial back, never switch off: return mode with 1–2 sessions a week (at least one light session every week), bodyweight first after long breaks, 1–2 sets of 8–10 reps, progressing over the whole return period.',
  reason: 'After a break, rebuild gradually.',
  source: 'S3',
});

export const R_RETURN = defineRule({
  id: 'R-RETURN',
  title: 'return after a break',
  trigger: 'No run for N ≥ 6 days.',
  action:
    'Daniels return period as long as the break, during which the old hard-day pattern counts as easy running (runs come back easy), so strength uses any day ≥ 48 h before a planned key session. Weekly count: breaks ≤ 14 d → 2 a week; longer or ongoing breaks → 1 a week in the first half of the return, 2 in the second half; never 0 (a light session is guaranteed each week), and at most 2 in the first week after the return. Dose ramps over the whole period: ≤ 14 d → sets −1 in the first half; 15–56 d → the same exercises, sets from 50 % rising to 100 %, RIR ≥ 3, lighter loads in the first half; > 56 d → the beginner block (return mode, R11 dose).',
  reason: 'After a break, fitness comes back quickly if you rebuild gradually.',
  source: 'Daniels 2014; Mujika & Padilla 2000; Doma 2019',
});


/**
 * Most recent running gap ≥ 6 days whose return period (as long as the gap) is still
 * active at `today`, or that is still ongoing. Needs at least one run before the gap.
 */
export function detectBreak(ran: readonly number[], from: number, today: number): BreakInfo | undefined {
  const ti = Math.min(today - from, ran.length - 1);
  let lastRun = -1;
  for (let i = ti; i >= 0; i--) {
    if (ran[i]) {
      lastRun = i;
      break;
    }
  }
  if (lastRun < 0) return undefined;
  if (!ran[ti] && ti - lastRun >= 6) return { days: ti - lastRun, ongoing: true };
  let next = lastRun;
  for (let i = lastRun - 1; i >= 0; i--) {
    if (!ran[i]) continue;
    const gap = next - i - 1;
    if (gap >= 6) {
      return ti - next < gap ? { days: gap, endDn: from + next, ongoing: false } : undefined;
    }
    next = i;
  }
  return undefined;
}

/** Share of the return period done at dn, 0..1 (0 while the break goes on). */
export function returnProgress(ctx: PlanContext, dn: number): number {
  const r = ctx.ret;
  if (!r || r.brk.ongoing) return 0;
  return Math.max(0, Math.min(1, (dn - r.start) / Math.max(1, r.end - r.start)));
}

export function inReturn(ctx: PlanContext, dn: number): boolean {
  return ctx.ret !== undefined && dn < ctx.ret.end;
}

/** R10 / R-RETURN cap on a week's sessions (the week starting ws). */
export function returnWeekCap(ctx: PlanContext, ws: number): number | undefined {
  const r = ctx.ret;
  if (!r) return undefined;
  const mid = Math.max(ws, ctx.today) + 3;
  if (mid >= r.end) return ws < r.end + 7 ? 2 : undefined;
  if (r.brk.days <= 14) return 2;
  return returnProgress(ctx, mid) < 0.5 ? 1 : 2;
}

export const missedRunsRule: SessionRule = sessionRule(R10, 25, {
  shape(ctx, s) {
    const r = ctx.ret;
    if (r && s.dn < r.end) {
      if (r.brk.ongoing) return `No run for ${r.brk.days} days: a light session keeps strength going while you are off.`;
      return `You had ${r.brk.days} days without running: ${r.brk.days < 15 ? 'a lighter session while you settle back in' : 'we rebuild gradually'}.`;
    }
    // a missed hard run is R-MISSED's to explain
    if (ctx.missed && !ctx.missed.wasHard && s.index === 0 && !ctx.injury?.noRun) return "Today's run did not happen, so no session is paired with it.";
    return undefined;
  },
});

export const returnRule: SessionRule = sessionRule(R_RETURN, 24, {
  shape(ctx, s, dose) {
    const r = ctx.ret;
    if (!r || s.dn >= r.end) return undefined;
    const p = returnProgress(ctx, s.dn);
    const weeksLeft = Math.max(1, Math.round((r.end - s.dn) / 7));
    if (r.long) return `After ${r.brk.days} days off, strength restarts with the beginner block.`;
    if (r.brk.days <= 14) {
      if (p < 0.5) dose.setsDelta -= 1;
      return p < 0.5 ? 'One set fewer than usual while your running comes back.' : 'Back to your usual sets: your return is going well.';
    }
    // same exercises as before the break, fewer sets and a lighter load (nothing new)
    dose.setsFactor = Math.min(dose.setsFactor, 0.5 + 0.5 * p);
    dose.rir = Math.max(dose.rir, 3);
    if (p < 0.5) dose.lighterLoad = true;
    return `Building back up: about ${Math.round((0.5 + 0.5 * p) * 100)} % of your usual sets, rising over the next ${weeksLeft} week${weeksLeft > 1 ? 's' : ''}.`;
  },
});
