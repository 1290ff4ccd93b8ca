import { defineRule } from '../rule';

export const R1 = defineRule({
  id: 'R1',
  title: 'pair-hard',
  trigger: 'A hard day (synced or expected) in the week.',
  action: 'Put the strength session on the hard day, after the run (run end + gap, default 3 h, or the preferred time). Never use an easy or off day while a hard day in the same week is free. Never in the past: with `nowLocal`, a session today starts at now + 30 min at the earliest (rounded up to the quarter hour, at the latest 21:00), else today is not used (see "Session timing").',
  reason: 'Lift on the day you already ran hard so your easy days stay easy.',
  source: 'S1',
});

export const R_PAIR = defineRule({
  id: 'R-PAIR',
  title: 'pair strength with hard runs',
  trigger: 'A HARD run day in the plan or synced.',
  action: "Put that week's strength on HARD days, after the run, ideally ≥ 3–6 h later; run first.",
  reason: "Stacking lifting on hard days keeps your easy days truly easy and protects tomorrow's run.",
  source: 'Doma & Deakin 2013; Schumann 2022; Robineau 2016; Gaudette 2013',
});

/** Tier of a day for placement: 0 best. Hard days first (R1); see no-hard-after-lift for tier 1. */
export function pairTier(isHard: boolean, nextHard: boolean): number | undefined {
  if (!isHard) return undefined;
  return nextHard ? 1 : 0;
}

export function pairReason(evidence: string | undefined): string {
  return evidence
    ? `Lift after today's hard session (${evidence}) so your easy days stay easy.`
    : "Lift after today's hard run so your easy days stay easy.";
}
