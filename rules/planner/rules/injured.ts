import type { InjuryArea } from '../../types';
import { defineRule } from '../rule';

export const R12 = defineRule({
  id: 'R12',
  title: 'injured',
  trigger: 'The runner marks an injury.',
  action: 'Exercises that load the injured area are removed; no plyometrics. When the runner cannot run, strength replaces running: circuits/supersets with short rests (20 s), up to 3 sessions a week on any day, and a note to see a professional.',
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
