import { addDays } from '../../rules/index';
import type { ActivityInput, AthleteProfile, PlanInput, Sport } from '../../rules/index';

export const WD = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;

/** ISO weekday (0 = Monday) of a 'YYYY-MM-DD'. */
export function weekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (d + 6) % 7;
}

let seq = 0;
export function run(date: string, o: Partial<ActivityInput> & { time?: string; km?: number; min?: number } = {}): ActivityInput {
  const min = o.min ?? 45;
  const a: ActivityInput = {
    id: o.id ?? `a${++seq}`,
    sport: o.sport ?? 'run',
    startLocal: `${date}T${o.time ?? '07:00'}:00`,
    utcOffsetMin: o.utcOffsetMin ?? 60,
    durationS: o.durationS ?? min * 60,
    distanceM: o.distanceM ?? (o.km !== undefined ? o.km * 1000 : Math.round((min / 6) * 1000)),
  };
  for (const k of ['movingTimeS', 'avgHrBpm', 'maxHrBpm', 'hrZoneTimesS', 'workoutType', 'name', 'perceivedExertion', 'elevationGainM'] as const) {
    if (o[k] !== undefined) (a as unknown as Record<string, unknown>)[k] = o[k];
  }
  if (o.sport !== undefined) a.sport = o.sport as Sport;
  return a;
}

export type DayKind = 'hard' | 'easy' | 'long' | 'off';

/**
 * History from a weekly pattern (index 0 = Monday) over [from, to]:
 * hard = "Intervals" titled run, long = long run (tagged), easy = 40-min easy run.
 */
export function history(from: string, to: string, pattern: readonly DayKind[], opts: { hr?: boolean } = {}): ActivityInput[] {
  const out: ActivityInput[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const k = pattern[weekday(d)] ?? 'off';
    const hr = opts.hr === false ? {} : undefined;
    if (k === 'hard') out.push(run(d, { name: 'Intervals 6x800', min: 55, km: 11, ...(hr ?? { avgHrBpm: 160, maxHrBpm: 182 }) }));
    else if (k === 'long') out.push(run(d, { name: 'Sunday run', workoutType: 'long', min: 100, km: 18, time: '09:00', ...(hr ?? { avgHrBpm: 145, maxHrBpm: 165 }) }));
    else if (k === 'easy') out.push(run(d, { name: 'Morning Run', min: 40, km: 7, ...(hr ?? { avgHrBpm: 138, maxHrBpm: 150 }) }));
  }
  return out;
}

export const TUE_THU_SUN: DayKind[] = ['off', 'hard', 'easy', 'hard', 'off', 'easy', 'long'];

export function athlete(o: Partial<AthleteProfile> = {}): AthleteProfile {
  return { timeZone: 'Europe/Paris', experience: 'regular', equipment: ['dumbbells', 'bands'], sex: 'm', hrMaxBpm: 190, hrRestBpm: 50, ...o };
}

export function planInput(o: Partial<PlanInput> & { today: string }): PlanInput {
  return {
    athleteId: 'ath-1',
    athlete: athlete(),
    activities: [],
    races: [],
    ...o,
  };
}

export function dayOf(date: string, days: readonly { date: string }[]): number {
  return days.findIndex((d) => d.date === date);
}

export function diffDays(a: string, b: string): number {
  return Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);
}
