import type { Race } from '../../types';
import { dayNumber } from '../../dates';
import { type SessionRule, defineRule, sessionRule } from '../rule';

export const R9 = defineRule({
  id: 'R9',
  title: 'race-week',
  trigger: 'A race in the plan window (any priority), or a goal race in the last weeks.',
  action:
    'Nothing on race day or the day before; in the week before a goal race fewer sets, no new exercises, no heavy work; after the race, no strength for a recovery time scaled to distance: ceil(km / 6) days, 2 to 14 (5–10 km: 2, half: 4, marathon: 7, 100 km: 14). Then a recovery phase of 14 days: the first session back is lighter (half the sets, lighter loads, no jumps, same exercises), and no text refers to a race already run; the next goal race sets the phase again after that.',
  reason: 'Fresh legs on race day, and time to recover afterwards.',
  source: 'S1, S3 (+ taper science)',
});

/** days after the recovery block still counted as the recovery phase */
export const RECOVERY_PHASE_DAYS = 14;

export function recoveryDays(distanceM: number): number {
  return Math.min(14, Math.max(2, Math.ceil(distanceM / 6000)));
}

/** Days blocked by R9: race day, the day before, and the recovery days after. */
export function raceBlocks(races: readonly Race[]): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const r of races) {
    const rd = dayNumber(r.date);
    out.push([rd, 'R9'], [rd - 1, 'R9']);
    for (let d = rd + 1; d <= rd + recoveryDays(r.distanceM); d++) out.push([d, 'R9']);
  }
  return out;
}

/** The latest A or B race strictly before `dn`. */
export function lastGoalRace(races: readonly Race[], dn: number): { race: Race; dn: number } | undefined {
  let best: { race: Race; dn: number } | undefined;
  for (const r of races) {
    if (r.priority === 'C') continue;
    const rd = dayNumber(r.date);
    if (rd < dn && (!best || rd > best.dn)) best = { race: r, dn: rd };
  }
  return best;
}

export const raceWeekRule: SessionRule = sessionRule(R9, 20, {
  shape(ctx, s, dose) {
    // race-week activation days are R-TAPER's (taper.ts)
    if (ctx.activationOnly[s.i]) return undefined;
    for (const rd of ctx.aRaceDns) {
      if (rd - s.dn > 0 && rd - s.dn <= 7) return 'Goal race within a week: volume dialled back.';
    }
    if (s.phase === 'recovery' && firstSinceRace(ctx.input.races, ctx, s.dn)) {
      dose.setsFactor = Math.min(dose.setsFactor, 0.5);
      dose.noPlyo = true;
      dose.lighterLoad = true;
      dose.rir = Math.max(dose.rir, 3);
      return 'First session back after your race: lighter, so you recover fully.';
    }
    return undefined;
  },
});

/** No strength done or planned between the last goal race and dn. */
function firstSinceRace(races: readonly Race[], ctx: { base: number; occupied: boolean[] }, dn: number): boolean {
  const last = lastGoalRace(races, dn);
  if (!last) return false;
  for (let d = last.dn + 1; d < dn; d++) if (ctx.occupied[d - ctx.base]) return false;
  return true;
}
