import type { InjuryArea } from '../../types';
import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R12 = defineRule({
  id: 'R12',
  title: 'injured',
  trigger: 'The runner marks an injury.',
  action:
    'Exercises that load the injured area are removed; no plyometrics. When the runner cannot run, strength replaces running: circuits/supersets with short rests (20 s), loaded non-weight-bearing work with whatever equipment the runner has (R14: dumbbell rows, floor press, seated calf raises...), up to 3 sessions a week on any day, no running texts, and a note to see a professional. Once a clinician clears low-impact work, the plan offers easy cycling, swimming or pool running.',
  reason: 'Strength keeps fitness and momentum while you work around the injury.',
  source: 'S0, S4',
});

export const R_INJURY = defineRule({
  id: 'R-INJURY',
  title: 'injury mode',
  trigger: 'Runner flags an injury.',
  action: 'Stop auto-scheduling runs (expected days are off when the runner cannot run); strength only for unaffected areas, pain ≤ 2–3/10, no plyometrics; show the readiness checklist before walk/run.',
  reason: 'Strength keeps you fit while you heal; your clinician sets the return.',
  source: 'Lauersen 2014/2018; practitioner criteria',
});

const AREA_NAMES: Record<InjuryArea, string> = {
  foot: 'foot',
  ankle: 'ankle',
  shin: 'shin',
  calf: 'calf',
  achilles: 'Achilles',
  knee: 'knee',
  hamstring: 'hamstring',
  quad: 'quad',
  hip: 'hip',
  lower_back: 'lower back',
  upper_body: 'upper body',
};
export const areaName = (a: InjuryArea): string => AREA_NAMES[a];

export function injuryNote(area: InjuryArea): string {
  return `Injury (${AREA_NAMES[area]}): this plan avoids loading it. See a physiotherapist or doctor before returning to running; keep pain at 2–3/10 or less and stop if it hurts. Before a walk/run return check: 30 min brisk walking, 10-s single-leg stand, 10 single-leg squats, 1 min jogging in place and 10–15 hops per leg, all pain-free.`;
}

export const LOW_IMPACT_NOTE =
  'Cleared for low-impact work: on days without strength, 20–40 min of easy cycling, swimming or pool running keeps your aerobic fitness. Keep it easy and pain-free.';

export const injuredRule: SessionRule = sessionRule(R12, 10, {
  shape(ctx, _s, dose) {
    const inj = ctx.injury;
    if (!inj) return undefined;
    dose.avoid = inj.area;
    dose.noPlyo = true;
    if (!inj.noRun) return `Exercises that load your ${areaName(inj.area)} are left out; see a professional if it does not settle.`;
    dose.kind = 'circuit';
    const extra = inj.lowImpactCleared ? ' Easy cycling or swimming on other days keeps your aerobic fitness.' : '';
    return `A circuit that keeps your fitness up without loading your ${areaName(inj.area)}. See a professional about the injury.${extra}`;
  },
});

export const injuryModeRule: SessionRule = sessionRule(R_INJURY, 30, {
  shape(ctx) {
    return ctx.injury ? 'No jumps, and keep pain at 2–3/10 or less.' : undefined;
  },
});
