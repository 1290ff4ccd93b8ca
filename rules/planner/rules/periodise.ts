import type { Race } from '../../types';
import { defineRule } from '../rule';

export const R8 = defineRule({
  id: 'R8',
  title: 'periodise',
  trigger: 'Weeks to the goal race (next A race, else B).',
  action: 'Off-season (no goal race in the next 12 weeks): up to 3 sessions, more load. Build (4–12 weeks): 2. Final weeks (2–4 weeks out): 2 sessions at maintenance volume, no progression. Taper: see R-TAPER.',
  reason: 'More strength when races are far away, less as the race comes closer.',
  source: 'S1',
});

export const R_FREQ = defineRule({
  id: 'R-FREQ',
  title: 'frequency by phase',
  trigger: 'Phase and lifting experience.',
  action: 'Base/build 2×/week (3× allowed for experienced runners in the off-season); first weeks of lifting: 2× full body at 8–12 reps. A sessionsPerWeek setting overrides the default (capped at 3).',
  reason: 'Two sessions a week are enough to improve running economy; one keeps the gains.',
  source: 'Blagrove 2018; Spiering 2021; ACSM 2009',
});

export type Phase = 'off-season' | 'build' | 'peak' | 'taper';

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

export function defaultTarget(phase: Phase, experienced: boolean): number {
  if (phase === 'off-season') return experienced ? 3 : 2;
  return 2;
}

export function phaseReason(phase: Phase, weeks: number | undefined): string {
  switch (phase) {
    case 'off-season':
      return 'No goal race in the next 12 weeks: off-season, the time to build strength.';
    case 'build':
      return `Goal race in about ${weeks} weeks: two sessions a week alongside your build.`;
    case 'peak':
      return `Goal race in about ${weeks} weeks: maintenance volume, no new load.`;
    case 'taper':
      return 'Goal race within two weeks: strength is dialled back.';
    default: {
      const never: never = phase;
      return never;
    }
  }
}
