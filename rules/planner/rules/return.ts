import { defineRule } from '../rule';

export const R10 = defineRule({
  id: 'R10',
  title: 'missed-runs',
  trigger: 'A gap in running of ≥ 6 days that is ongoing or ended within a return period as long as the gap.',
  action: 'Dial back: return mode with 1–2 sessions a week, bodyweight first, 1–2 sets of 8–10 reps, progressing over the following weeks.',
  reason: 'After a break, rebuild gradually.',
  source: 'S3',
});

export const R_RETURN = defineRule({
  id: 'R-RETURN',
  title: 'return after a break',
  trigger: 'No run for N ≥ 6 days.',
  action: 'Daniels return period as long as the break. Strength (R-RETURN-STR): break ≤ 14 d → planned loads, sets −1 for the first session; 15–56 d → first two sessions at half the sets, RIR ≥ 3; > 56 d → the beginner block (return mode). While the return period is active, strength stays on the easy-day pattern (no pairing with hard days), at most 2×/week, ≥ 48 h before any returning quality run.',
  reason: 'After a break, fitness comes back quickly if you rebuild gradually.',
  source: 'Daniels 2014; Mujika & Padilla 2000; Doma 2019',
});

export interface BreakInfo {
  /** length of the break in days */
  days: number;
  /** day number of the first run after it (undefined when still ongoing) */
  endDn?: number;
  ongoing: boolean;
}

/**
 * Most recent running gap ≥ 6 days whose return period (as long as the gap) is still
 * active at `today`, or that is still ongoing. Needs at least one run before the gap.
 */
export function detectBreak(ran: Uint8Array, from: number, today: number): BreakInfo | undefined {
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
