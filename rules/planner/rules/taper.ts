import type { Race } from '../../types';
import { dayNumber } from '../../dates';
import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_TAPER = defineRule({
  id: 'R-TAPER',
  title: 'taper for an A race',
  trigger: 'An A race in the next 14 days.',
  action:
    'Race −14 to −8 days: sets −50 %, same exercises and load, no plyometrics (the jump block is left out, not replaced by something new). Race −7 to −3: at most one short activation session (bodyweight or bands, 1–2 sets, RIR ≥ 4); race −2 to race day: nothing (no strength within 48 h of the race).',
  reason: 'Strength stays for weeks on little work; race week is about fresh legs.',
  source: 'Bosquet 2007; Mujika & Padilla 2003; Pritchard 2017; Berryman 2020; Spiering 2021',
});

export function taperCalendar(races: readonly Race[]): { aRaceDns: number[]; blocked: number[]; activationOnly: number[]; half: number[] } {
  const out = { aRaceDns: [] as number[], blocked: [] as number[], activationOnly: [] as number[], half: [] as number[] };
  for (const r of races) {
    if (r.priority !== 'A') continue;
    const rd = dayNumber(r.date);
    out.aRaceDns.push(rd);
    out.blocked.push(rd - 2);
    for (let d = rd - 7; d <= rd - 3; d++) out.activationOnly.push(d);
    for (let d = rd - 14; d <= rd - 8; d++) out.half.push(d);
  }
  return out;
}

/** At most one session in the activation window before an A race. */
export function taperWindowFree(dn: number, aRaceDns: readonly number[], occupied: readonly boolean[], base: number): boolean {
  for (const rd of aRaceDns) {
    if (dn < rd - 7 || dn > rd - 1) continue;
    for (let d = rd - 7; d <= rd - 1; d++) if (occupied[d - base]) return false;
  }
  return true;
}

export const taperRule: SessionRule = sessionRule(R_TAPER, 15, {
  shape(ctx, s, dose) {
    if (ctx.activationOnly[s.i]) {
      dose.kind = 'mobility';
      dose.bodyweightFirst = true;
      dose.noHeavy = true;
      dose.noPlyo = true;
      dose.rir = Math.max(dose.rir, 4);
      dose.fixedSets = 1;
      return 'Race week: one short activation session with moves you know, at least 3 days out, so your legs are fresh.';
    }
    if (!ctx.taperHalf[s.i]) return undefined;
    dose.setsFactor = Math.min(dose.setsFactor, 0.5);
    dose.noPlyo = true;
    return 'Two weeks to your A race: half the sets of the same exercises — strength holds on little work.';
  },
});
