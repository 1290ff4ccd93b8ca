/**
 * Expected future days (issue item 4). Sources, in order:
 * 1. a race on that date (hard);
 * 2. imported planned runs for that date (keyword classification; several → highest);
 * 3. the weekly template from settings;
 * 4. the weekday pattern of the last 6 weeks of actual days (most frequent class for that
 *    weekday, ties → the higher class; confidence = share of those weekdays with that class;
 *    fewer than 2 weeks of history → off with confidence 0).
 * An injured runner who cannot run has only off days (R-INJURY).
 */
import type { History } from './classify';
import { CLASS_RANK } from './classify';
import { dateString, dayNumber, isoWeekday, WEEKDAY_KEYS, WEEKDAY_NAMES } from './dates';
import { classifyPlannedRun } from './keywords';
import type { AthleteProfile, Day, DayClass, PlannedRun, Race } from './types';

const CLASSES: readonly DayClass[] = ['off', 'easy', 'hard'];

export interface ExpectedInput {
  athlete: AthleteProfile;
  history: History;
  /** day number of "today"; the pattern uses the 42 days before it */
  today: number;
  from: number;
  to: number;
  races: readonly Race[];
  plannedByDay: Map<number, PlannedRun[]>;
}

export function groupPlannedRuns(runs: readonly PlannedRun[] | undefined): Map<number, PlannedRun[]> {
  const m = new Map<number, PlannedRun[]>();
  if (!runs) return m;
  for (const r of runs) {
    const dn = dayNumber(r.date);
    const l = m.get(dn);
    if (l) l.push(r);
    else m.set(dn, [r]);
  }
  return m;
}

/** Weekday pattern from history: per ISO weekday, [class rank, confidence, count, weeks]. */
export function inferPattern(h: History, today: number): Array<{ cls: DayClass; confidence: number; count: number; weeks: number }> {
  const counts = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const start = Math.max(h.from, today - 42);
  const end = Math.min(h.to, today - 1);
  for (let dn = start; dn <= end; dn++) {
    const row = counts[isoWeekday(dn)] as number[];
    const c = h.cls[dn - h.from] as number;
    row[c] = (row[c] as number) + 1;
  }
  return counts.map((row) => {
    const weeks = (row[0] as number) + (row[1] as number) + (row[2] as number);
    if (weeks < 2) return { cls: 'off' as DayClass, confidence: 0, count: 0, weeks };
    let best = 0;
    for (let c = 1; c < 3; c++) if ((row[c] as number) >= (row[best] as number)) best = c;
    const count = row[best] as number;
    return { cls: CLASSES[best] as DayClass, confidence: Math.round((count / weeks) * 100) / 100, count, weeks };
  });
}

export function expectedDays(input: ExpectedInput): Day[] {
  const { athlete, from, to } = input;
  const out: Day[] = new Array(Math.max(0, to - from + 1));
  const injuredNoRun = athlete.injury !== undefined && !athlete.injury.canRun;
  let pattern: ReturnType<typeof inferPattern> | undefined;
  // the pattern evidence of a weekday is the same text for every such day of the range
  const patternText: (string | undefined)[] = [];
  const raceByDay = new Map<number, Race>();
  for (const r of input.races) raceByDay.set(dayNumber(r.date), r);
  for (let dn = from; dn <= to; dn++) {
    const at = dn - from;
    const date = dateString(dn);
    const race = raceByDay.get(dn);
    if (race) {
      out[at] = mk(date, 'hard', [`race: ${race.name ?? `${(race.distanceM / 1000).toFixed(1)} km`} (${race.priority})`], 1);
      continue;
    }
    if (injuredNoRun) {
      out[at] = mk(date, 'off', ['injured: no running planned (R-INJURY)'], 1);
      continue;
    }
    const planned = input.plannedByDay.get(dn);
    if (planned && planned.length > 0) {
      let best: DayClass = 'off';
      const ev: string[] = [];
      for (const p of planned) {
        const c = classifyPlannedRun(p);
        if (CLASS_RANK[c.class] > CLASS_RANK[best]) best = c.class;
        for (const e of c.evidence) ev.push(e);
      }
      out[at] = mk(date, best, ev, 0.9);
      continue;
    }
    const wd = isoWeekday(dn);
    const tpl = athlete.weeklyTemplate?.[WEEKDAY_KEYS[wd] as keyof NonNullable<AthleteProfile['weeklyTemplate']>];
    if (tpl) {
      out[at] = mk(date, tpl, [`weekly template: ${WEEKDAY_KEYS[wd]} = ${tpl}`], 0.8);
      continue;
    }
    pattern ??= inferPattern(input.history, input.today);
    const p = pattern[wd] as { cls: DayClass; confidence: number; count: number; weeks: number };
    let text = patternText[wd];
    if (text === undefined) {
      text = p.weeks < 2 ? 'pattern: not enough history' : `pattern: ${p.cls} on ${p.count} of last ${p.weeks} ${WEEKDAY_NAMES[wd]}s`;
      patternText[wd] = text;
    }
    out[at] = mk(date, p.cls, [text], p.confidence);
  }
  return out;
}

// an expected day has no activities: they all share one frozen empty list
const NO_ACTIVITIES: Day['activities'] = Object.freeze<Day['activities']>([]) as Day['activities'];

function mk(date: string, cls: DayClass, evidence: string[], confidence: number): Day {
  return { date, class: cls, source: 'expected', load: 0, evidence, activities: NO_ACTIVITIES, confidence };
}
