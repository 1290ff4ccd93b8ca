/**
 * Day classification (R-CLASS, landscape-and-science.md §2.3, coaching-rules.md "Day classes").
 * One pass over the activities, bucketed by local start day (the activity's own
 * startLocal date: a run crossing midnight belongs to the day it started).
 *
 * HARD when any run (≥ 10 min, or any race) shows: a race or workout tag / title keyword;
 * ≥ 8 min above threshold HR (zone 4+5 time, or the whole run when its average HR ≥ LTHR);
 * intensity (average HR ≥ 92 % of LTHR for ≥ 20 min, or without HR a pace at ≥ 85 % of
 * threshold speed for ≥ 20 min, road/treadmill only); a long run (tagged, ≥ 90 min moving,
 * or ≥ 90 % of the longest run of the previous 30 days AND ≥ 125 % of the mean run of those
 * days with ≥ 3 runs — the second guard stops a runner who always runs the same distance
 * from having only hard days); session RPE ≥ 7.
 * EASY: any other run ≥ 10 min (or cross-training when the runner says it counts).
 * OFF: no run. Several activities: the highest class wins.
 */
import { dateString, dayNumber, localWithOffsetToUtcMs } from './dates';
import { hardKeyword } from './keywords';
import { computeActivityLoad } from './load';
import { estimateThresholds, isRunSport } from './thresholds';
import type { ActivityInput, AthleteProfile, Day, DayActivity, DayClass, Thresholds } from './types';

export const CLASS_RANK: Record<DayClass, number> = { off: 0, easy: 1, hard: 2 };
const RANK_CLASS: readonly DayClass[] = ['off', 'easy', 'hard'];

const MIN_RUN_S = 600;
const LONG_RUN_MIN = 90;
const ABOVE_THRESHOLD_MIN = 8;

export interface History {
  /** first and last day numbers (inclusive) of `days` */
  from: number;
  to: number;
  days: Day[];
  /** per day index: 0 off, 1 easy, 2 hard */
  cls: Uint8Array;
  /** per day: a run ≥ 10 min happened */
  ran: Uint8Array;
  /** per day: a strength activity was logged */
  strength: Uint8Array;
  /** per day: a single-run spike (> 1.1 × longest of previous 30 days) */
  spike: Uint8Array;
  /** UTC ms of the latest run end on the LAST day (index n-1) only, NaN elsewhere/when none */
  runEndUtcMs: Float64Array;
  thresholds: Thresholds;
}

const fmtKm = (m: number): string => (m / 1000).toFixed(1);

function crossCounts(sport: string): boolean {
  return sport === 'ride' || sport === 'swim' || sport === 'hike' || sport === 'other';
}

/** Internal: classify [from, to] (day numbers); activities outside are used only for look-backs. */
export function buildHistory(
  athlete: AthleteProfile,
  activities: readonly ActivityInput[],
  from: number,
  to: number,
  thresholds?: Thresholds,
  /** precomputed day numbers of activities[i].startLocal (optional, saves a parse) */
  dayNumbers?: Float64Array,
): History {
  const th = thresholds ?? estimateThresholds(activities, athlete);
  const n = Math.max(0, to - from + 1);
  const look = from - 30;
  const span = to - look + 1;
  const buckets: (ActivityInput[] | undefined)[] = new Array(Math.max(0, span));
  const maxDist = new Float64Array(Math.max(0, span));
  const sumDist = new Float64Array(Math.max(0, span));
  const cntDist = new Float64Array(Math.max(0, span));
  for (let i = 0; i < activities.length; i++) {
    const a = activities[i] as ActivityInput;
    const dn = dayNumbers ? (dayNumbers[i] as number) : dayNumber(a.startLocal);
    if (dn < look || dn > to) continue;
    const k = dn - look;
    const b = buckets[k];
    if (b) b.push(a);
    else buckets[k] = [a];
    if (isRunSport(a.sport) && a.distanceM !== undefined && (a.movingTimeS ?? a.durationS) >= MIN_RUN_S) {
      if (a.distanceM > (maxDist[k] as number)) maxDist[k] = a.distanceM;
      sumDist[k] = (sumDist[k] as number) + a.distanceM;
      cntDist[k] = (cntDist[k] as number) + 1;
    }
  }

  // prefix sums: sumDist[k] / cntDist[k] = totals over days [look, look + k)
  let accS = 0;
  let accC = 0;
  for (let k = 0; k < span; k++) {
    const s0 = sumDist[k] as number;
    const c0 = cntDist[k] as number;
    sumDist[k] = accS;
    cntDist[k] = accC;
    accS += s0;
    accC += c0;
  }
  const days: Day[] = new Array(n);
  const cls = new Uint8Array(n);
  const ran = new Uint8Array(n);
  const strength = new Uint8Array(n);
  const spike = new Uint8Array(n);
  const runEnd = new Float64Array(n).fill(Number.NaN);
  const lthr = th.lthrBpm;
  const tpace = th.thresholdPaceSPerKm;

  for (let i = 0; i < n; i++) {
    const k = i + 30;
    const date = dateString(from + i);
    const list = buckets[k];
    if (!list) {
      days[i] = { date, class: 'off', source: 'actual', load: 0, evidence: ['no run'], activities: [] };
      continue;
    }
    if (list.length > 1) list.sort((x, y) => (x.startLocal < y.startLocal ? -1 : x.startLocal > y.startLocal ? 1 : 0));
    // previous 30 days' longest and mean run (prefix sums; max only on days with activities)
    let prevLongest = 0;
    for (let j = k - 30; j < k; j++) {
      const m = maxDist[j] as number;
      if (m > prevLongest) prevLongest = m;
    }
    const prevSum = (sumDist[k] as number) - (sumDist[k - 30] as number);
    const prevCnt = (cntDist[k] as number) - (cntDist[k - 30] as number);
    const prevMean = prevCnt > 0 ? prevSum / prevCnt : 0;

    let rank = 0;
    let load = 0;
    const evidence: string[] = [];
    const acts: DayActivity[] = new Array(list.length);
    const cross: string[] = [];
    let shortRun = false;
    for (let q = 0; q < list.length; q++) {
      const a = list[q] as ActivityInput;
      const l = computeActivityLoad(a, athlete, th);
      load += l.value;
      const da: DayActivity = { id: a.id, sport: a.sport, durationS: a.durationS, load: l.value, loadMethod: l.method };
      if (a.name !== undefined) da.name = a.name;
      if (a.distanceM !== undefined) da.distanceM = a.distanceM;
      acts[q] = da;
      if (a.sport === 'strength') strength[i] = 1;
      if (!isRunSport(a.sport)) {
        if (athlete.crossTrainingCounts && crossCounts(a.sport) && a.durationS >= MIN_RUN_S) {
          if (rank < 1) rank = 1;
          cross.push(a.sport);
        }
        continue;
      }
      const t = a.movingTimeS ?? a.durationS;
      const isRace = a.workoutType === 'race';
      if (t < MIN_RUN_S && !isRace) {
        shortRun = true;
        continue;
      }
      ran[i] = 1;
      if (i === n - 1) {
        // run end is only needed for the last day (today, for session timing)
        const end = localWithOffsetToUtcMs(a.startLocal, a.utcOffsetMin) + a.durationS * 1000;
        if (!(end <= (runEnd[i] as number))) runEnd[i] = end;
      }
      const ev: string[] = [];
      const kw = hardKeyword(a.name);
      if (isRace || kw?.kind === 'race') ev.push('race');
      if (a.workoutType === 'workout') ev.push('workout (tagged)');
      else if (kw?.kind === 'workout') ev.push(`workout: ${kw.label} in title`);
      const minutes = t / 60;
      if (a.workoutType === 'long') ev.push('long run (tagged)');
      else if (kw?.kind === 'long') ev.push('long run in title');
      else if (minutes >= LONG_RUN_MIN) ev.push(`long run: ${Math.round(minutes)} min ≥ ${LONG_RUN_MIN} min`);
      else if (
        a.distanceM !== undefined &&
        prevCnt >= 3 &&
        a.distanceM >= 0.9 * prevLongest &&
        a.distanceM >= 1.25 * prevMean
      ) {
        ev.push(`long run: ${fmtKm(a.distanceM)} km ≥ 90% of 30-day longest`);
      }
      const z = a.hrZoneTimesS;
      if (z && z.length >= 4) {
        const above = ((z[3] ?? 0) + (z[4] ?? 0)) / 60;
        if (above >= ABOVE_THRESHOLD_MIN) ev.push(`${Math.round(above)} min above threshold HR`);
      } else if (a.avgHrBpm !== undefined && lthr !== undefined && a.avgHrBpm >= lthr && minutes >= ABOVE_THRESHOLD_MIN) {
        ev.push(`${Math.round(minutes)} min above threshold HR (average ${a.avgHrBpm} ≥ LTHR ${lthr})`);
      }
      if (a.avgHrBpm !== undefined && lthr !== undefined) {
        if (a.avgHrBpm < lthr && a.avgHrBpm >= 0.92 * lthr && minutes >= 20)
          ev.push(`intensity: average HR ${a.avgHrBpm} bpm ≥ 92% of LTHR`);
      } else if (
        a.avgHrBpm === undefined &&
        (!z || z.length === 0) &&
        tpace !== undefined &&
        a.sport !== 'trail_run' &&
        a.distanceM !== undefined &&
        a.distanceM > 0 &&
        minutes >= 20
      ) {
        const pace = t / (a.distanceM / 1000);
        const iF = tpace / pace;
        if (iF >= 0.85) ev.push(`intensity: pace ${fmtPace(pace)}/km at ${Math.round(iF * 100)}% of threshold speed`);
      }
      if (a.perceivedExertion !== undefined && a.perceivedExertion >= 7) ev.push(`RPE ${a.perceivedExertion}`);
      if (a.distanceM !== undefined && prevLongest > 0 && a.distanceM > 1.1 * prevLongest) {
        spike[i] = 1;
        ev.push(`spike: ${fmtKm(a.distanceM)} km > 110% of 30-day longest (${fmtKm(prevLongest)} km)`);
      }
      if (ev.length > 0) rank = 2;
      else if (rank < 1) rank = 1;
      for (const e of ev) evidence.push(e);
    }
    if (rank === 1 && evidence.length === 0) evidence.push(cross.length && !ran[i] ? `cross-training counts: ${cross.join(', ')}` : 'easy run: no hard signal');
    if (rank === 0) evidence.push(shortRun ? 'no run ≥ 10 min' : 'no run (cross-training only)');
    cls[i] = rank;
    days[i] = {
      date,
      class: RANK_CLASS[rank] as DayClass,
      source: 'actual',
      load: Math.round(load * 10) / 10,
      evidence,
      activities: acts,
    };
  }
  return { from, to, days, cls, ran, strength, spike, runEndUtcMs: runEnd, thresholds: th };
}

function fmtPace(sPerKm: number): string {
  const s = Math.round(sPerKm);
  const m = Math.floor(s / 60);
  const r = s % 60;
  return `${m}:${r < 10 ? '0' : ''}${r}`;
}

/** Every date in [from, to] (inclusive, 'YYYY-MM-DD'), classified from actual activities. */
export function classifyDays(input: {
  athlete: AthleteProfile;
  activities: readonly ActivityInput[];
  from: string;
  to: string;
  thresholds?: Thresholds;
}): Day[] {
  return buildHistory(input.athlete, input.activities, dayNumber(input.from), dayNumber(input.to), input.thresholds).days;
}
