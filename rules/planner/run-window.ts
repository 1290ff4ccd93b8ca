/**
 * When does the runner run on a given day? A session is placed after the run's expected end
 * (R1), so the planner needs a start and an end for today's and future runs:
 * 1. today's synced runs (first start, last end);
 * 2. an imported plan's start time for that day (planned duration, else the usual duration
 *    of that weekday, else 60 min, 120 for a long run);
 * 3. the weekday's usual start and duration, learned from the last 6 weeks like the day-class
 *    pattern (median over that weekday's runs, at least 2 of them);
 * 4. unknown: the session then says "after your run" instead of inventing a clock time.
 */
import type { History } from '../classify';
import { isoWeekday, minuteOfDay, utcToLocal } from '../dates';
import { classifyPlannedRun } from '../keywords';
import type { PlannedRun } from '../types';
import type { RunWindow, UsualRun } from './model';

export type { RunWindow, UsualRun };



const PATTERN_DAYS = 42;

/** Median of xs[0, n), sorting that range in place (a handful of values: insertion sort). */
function median(xs: Int16Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const v = xs[i] as number;
    let j = i - 1;
    while (j >= 0 && (xs[j] as number) > v) {
      xs[j + 1] = xs[j] as number;
      j--;
    }
    xs[j + 1] = v;
  }
  const m = n >> 1;
  return n % 2 ? (xs[m] as number) : Math.round(((xs[m - 1] as number) + (xs[m] as number)) / 2);
}

// per-call temporaries (at most 6 weeks of one weekday each), reused across calls
const WEEKS = PATTERN_DAYS / 7;
const startScratch = new Int16Array(WEEKS);
const durScratch = new Int16Array(WEEKS);

/** Per ISO weekday (0 = Monday): the usual start and duration of the runs there, if any. */
export function usualRuns(h: History, today: number): (UsualRun | undefined)[] {
  const out: (UsualRun | undefined)[] = [];
  const first = Math.max(h.from, today - PATTERN_DAYS);
  for (let wd = 0; wd < 7; wd++) {
    let n = 0;
    let dn = first + ((wd - isoWeekday(first) + 7) % 7);
    for (; dn < today && dn <= h.to && n < WEEKS; dn += 7) {
      const i = dn - h.from;
      const s = h.runStartMin[i] as number;
      if (s < 0) continue;
      startScratch[n] = s;
      durScratch[n] = (h.runEndMin[i] as number) - s;
      n++;
    }
    out.push(n >= 2 ? { start: median(startScratch, n), durationMin: median(durScratch, n), runs: n } : undefined);
  }
  return out;
}

export interface WindowInput {
  today: number;
  hist: History;
  athlete: { timeZone: string };
  plannedByDay: Map<number, PlannedRun[]>;
  usual: (UsualRun | undefined)[];
}

export function runWindowOn(w: WindowInput, dn: number): RunWindow | undefined {
  const { hist } = w;
  if (dn === w.today && dn >= hist.from && dn <= hist.to) {
    const i = dn - hist.from;
    if (hist.ran[i]) {
      let end = hist.runEndMin[i] as number;
      const utcEnd = dn === hist.to ? hist.lastDayRunEndUtcMs : Number.NaN;
      if (!Number.isNaN(utcEnd)) {
        // the run's end in the runner's home zone (a run abroad keeps its own clock in startLocal)
        const l = utcToLocal(w.athlete.timeZone, utcEnd);
        end = l.dn === dn ? l.minute : l.dn > dn ? 24 * 60 : end;
      }
      return { start: hist.runStartMin[i] as number, end, source: 'synced' };
    }
  }
  const usual = w.usual[isoWeekday(dn)];
  let best: RunWindow | undefined;
  for (const r of w.plannedByDay.get(dn) ?? []) {
    if (!r.startLocal) continue;
    const start = minuteOfDay(r.startLocal);
    const long = classifyPlannedRun(r).evidence[0]?.includes('long') ?? false;
    const dur = r.durationMin ?? usual?.durationMin ?? (long ? 120 : 60);
    const end = Math.min(24 * 60, start + dur);
    if (!best || end > best.end) best = { start, end, source: 'planned' };
  }
  if (best) return best;
  if (usual) return { start: usual.start, end: Math.min(24 * 60, usual.start + usual.durationMin), source: 'usual' };
  return undefined;
}
