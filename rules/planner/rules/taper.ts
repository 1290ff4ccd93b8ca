import { defineRule } from '../rule';

export const R_TAPER = defineRule({
  id: 'R-TAPER',
  title: 'taper for an A race',
  trigger: 'An A race in the next 14 days.',
  action: 'Race −14 to −8 days: sets −50 %, same reps in reserve, no plyometrics. Race −7 to −1: at most one short activation session (bodyweight or bands, 1–2 sets, RIR ≥ 4), no later than race −3; nothing heavy within 7 days.',
  reason: 'Strength stays for weeks on little work; race week is about fresh legs.',
  source: 'Bosquet 2007; Mujika & Padilla 2003; Pritchard 2017; Berryman 2020; Spiering 2021',
});
export const TAPER_WEEK2_REASON = 'Two weeks to your A race: half the sets, same effort — strength holds on little work.';
export const TAPER_WEEK1_REASON = 'Race week: one short activation session only, at least 3 days out, so your legs are fresh.';
