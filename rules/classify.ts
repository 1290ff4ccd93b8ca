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
 *
 * Guards against false hard days: strides ("6x20s strides") are not intervals; "long" and
 * "hill(s)" in a synced title are often place names ("Long Lake loop", "Hill Street") and
 * count only when duration/distance (long) or climb/heart rate/pace (hills) agree; heart
 * rate above the intensity line at an easy pace (below 78 % of threshold speed) with no
 * workout tag or keyword is drift (heat, dehydration), not a tempo. Hills count: a run with
 * ≥ 500 m of climbing over ≥ 60 min is hard (a long climb at moderate heart rate), and
 * distance and pace use the grade-adjusted distance (load.ts). A run (treadmill or not) without
 * heart rate, distance or RPE is easy and asks for an effort rating (needsEffortRating).
 * A ride, swim, row or other cross-training counts when the runner says so: easy, or hard
 * when it is structured (workout keyword, RPE ≥ 7 or ≥ 8 min above threshold).
 */
import { filled } from './arrays';
import { dateString, dayNumber, localWithOffsetToUtcMs, minuteOfDay } from './dates';
import { hardKeyword } from './keywords';
import { activityLoadOf, CLIMB_FLAT_EQUIV, calibrateLoad } from './load';
import { estimateThresholds, isRunSport } from './thresholds';
import type { ActivityInput, AthleteProfile, Day, DayActivity, DayClass, Thresholds } from './types';

export const CLASS_RANK: Record<DayClass, number> = { off: 0, easy: 1, hard: 2 };
const RANK_CLASS: readonly DayClass[] = ['off', 'easy', 'hard'];

const MIN_RUN_S = 600;
const LONG_RUN_MIN = 90;
const ABOVE_THRESHOLD_MIN = 8;
/** a titled "long" run needs at least this long to count (or the distance test) */
const WEAK_LONG_MIN = 75;
/** a titled "hills" run needs this much climb per km (or heart rate / pace) */
const HILL_M_PER_KM = 15;
/** below this share of threshold speed a run is easy-paced: high HR there is drift */
const EASY_PACE_IF = 0.78;
const CLIMB_HARD_M = 500;
const CLIMB_HARD_MIN = 60;

export interface History {
  /** first and last day numbers (inclusive) of `days` */
  from: number;
  to: number;
  days: Day[];
  /** per day index: 0 off, 1 easy, 2 hard */
  cls: number[];
  /** per day: a run ≥ 10 min happened */
  ran: number[];
  /** per day: a strength activity was logged */
  strength: number[];
  /** per day: a single-run spike (> 1.1 × longest of previous 30 days) */
  spike: number[];
  /** UTC ms of the latest run end on the LAST day (`to`, i.e. today for the planner); NaN when none */
  lastDayRunEndUtcMs: number;
  /** per day: local start minute of the first run, and local end minute of the last run (-1 when none) */
  runStartMin: number[];
  runEndMin: number[];
  thresholds: Thresholds;
}

const fmtKm = (m: number): string => (m / 1000).toFixed(1);

function crossCounts(sport: string): boolean {
  return sport === 'ride' || sport === 'swim' || sport === 'hike' || sport === 'other';
}

// Every day without an activity shares these (frozen: nothing changes a classified day).
const NO_RUN_EVIDENCE: string[] = Object.freeze(['no run']) as string[];
const NO_ACTIVITIES: DayActivity[] = Object.freeze<DayActivity[]>([]) as DayActivity[];

/**
 * The evidence of the day being classified: one buffer reused for every day and copied out at
 * its final size (a list grown by push holds room for 16 texts where a day has one or two).
 */
class EvidenceBuffer {
  private readonly texts: string[] = [];
  length = 0;
  clear(): void {
    this.length = 0;
  }
  push(text: string): void {
    this.texts[this.length++] = text;
  }
  toArray(): string[] {
    const out: string[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.texts[i] as string;
    return out;
  }
}
const dayEvidence = new EvidenceBuffer();

// Per-call temporaries, reused across calls (allocating small typed arrays per call is
// expensive). They never escape buildHistory and are re-initialised on every use.
let scratchF64 = new Float64Array(256);
let scratchI32 = new Int32Array(256);

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
  const cal = calibrateLoad(activities, athlete, th);
  const n = Math.max(0, to - from + 1);
  const look = from - 30;
  const span = Math.max(0, to - look + 1);
  const nActs = activities.length;
  if (scratchF64.length < 3 * span) scratchF64 = new Float64Array(2 * 3 * span);
  scratchF64.fill(0, 0, 3 * span);
  const maxDist = scratchF64.subarray(0, span);
  const sumDist = scratchF64.subarray(span, 2 * span);
  const cntDist = scratchF64.subarray(2 * span, 3 * span);
  // activities bucketed by local start day (counting sort, stable in input order):
  // order[first[k] .. first[k + 1]) are the indices of day look + k
  const needI32 = 2 * nActs + 2 * span + 1;
  if (scratchI32.length < needI32) scratchI32 = new Int32Array(2 * needI32);
  const dayOf = scratchI32.subarray(0, nActs);
  const first = scratchI32.subarray(nActs, nActs + span + 1);
  const order = scratchI32.subarray(nActs + span + 1, 2 * nActs + span + 1);
  const deque = scratchI32.subarray(2 * nActs + span + 1, needI32);
  first.fill(0);
  for (let i = 0; i < nActs; i++) {
    const a = activities[i] as ActivityInput;
    const dn = dayNumbers ? (dayNumbers[i] as number) : dayNumber(a.startLocal);
    if (!(dn >= look && dn <= to)) {
      dayOf[i] = -1;
      continue;
    }
    const k = dn - look;
    dayOf[i] = k;
    first[k + 1] = (first[k + 1] as number) + 1;
    const distanceM = a.distanceM;
    if (isRunSport(a.sport) && distanceM !== undefined && (a.movingTimeS ?? a.durationS) >= MIN_RUN_S) {
      if (distanceM > (maxDist[k] as number)) maxDist[k] = distanceM;
      sumDist[k] = (sumDist[k] as number) + distanceM;
      cntDist[k] = (cntDist[k] as number) + 1;
    }
  }
  for (let k = 0; k < span; k++) first[k + 1] = (first[k + 1] as number) + (first[k] as number);
  // deque doubles as the fill cursor per day while placing
  for (let k = 0; k < span; k++) deque[k] = first[k] as number;
  for (let i = 0; i < nActs; i++) {
    const k = dayOf[i] as number;
    if (k < 0) continue;
    const at = deque[k] as number;
    order[at] = i;
    deque[k] = at + 1;
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
  // plain arrays: a typed array per plan costs an off-heap buffer (slow to allocate and to free)
  let lastDayRunEnd = Number.NaN;
  const cls: number[] = filled(n, 0);
  const ran: number[] = filled(n, 0);
  const strength: number[] = filled(n, 0);
  const spike: number[] = filled(n, 0);
  const runStartMin: number[] = filled(n, -1);
  const runEndMin: number[] = filled(n, -1);
  const lthr = th.lthrBpm;
  const tpace = th.thresholdPaceSPerKm;
  // sliding maximum of maxDist over the previous 30 days (monotonic deque of day indices)
  let head = 0;
  let tail = 0;
  for (let j = 0; j < 30 && j < span; j++) {
    const m = maxDist[j] as number;
    while (tail > head && (maxDist[deque[tail - 1] as number] as number) <= m) tail--;
    deque[tail++] = j;
  }

  for (let i = 0; i < n; i++) {
    const k = i + 30;
    // previous 30 days' longest run: window [k - 30, k) of the deque, then add day k
    while (tail > head && (deque[head] as number) < i) head++;
    const prevLongest = tail > head ? (maxDist[deque[head] as number] as number) : 0;
    const mk = maxDist[k] as number;
    while (tail > head && (maxDist[deque[tail - 1] as number] as number) <= mk) tail--;
    deque[tail++] = k;
    const date = dateString(from + i);
    const lo = first[k] as number;
    const hi = first[k + 1] as number;
    if (lo === hi) {
      days[i] = { date, class: 'off', source: 'actual', load: 0, evidence: NO_RUN_EVIDENCE, activities: NO_ACTIVITIES };
      continue;
    }
    // stable insertion sort by start time (same order as a stable sort on startLocal)
    for (let p = lo + 1; p < hi; p++) {
      const idx = order[p] as number;
      const key = (activities[idx] as ActivityInput).startLocal;
      let q = p - 1;
      while (q >= lo && (activities[order[q] as number] as ActivityInput).startLocal > key) {
        order[q + 1] = order[q] as number;
        q--;
      }
      order[q + 1] = idx;
    }
    // previous 30 days' mean run (prefix sums)
    const prevSum = (sumDist[k] as number) - (sumDist[k - 30] as number);
    const prevCnt = (cntDist[k] as number) - (cntDist[k - 30] as number);
    const prevMean = prevCnt > 0 ? prevSum / prevCnt : 0;

    let rank = 0;
    let load = 0;
    const evidence = dayEvidence;
    evidence.clear();
    const acts: DayActivity[] = new Array(hi - lo);
    let cross: string[] | undefined;
    let shortRun = false;
    let driftNote: string | undefined;
    // the runs of this day that ask for an effort rating (treadmill, no HR/distance/RPE)
    let askFor: DayActivity[] | undefined;
    for (let q = 0; q < hi - lo; q++) {
      const a = activities[order[lo + q] as number] as ActivityInput;
      // every field read once: activities come in many shapes (slow megamorphic loads)
      const sport = a.sport;
      const durationS = a.durationS;
      const t = a.movingTimeS ?? durationS;
      const distanceM = a.distanceM;
      const name = a.name;
      const avgHr = a.avgHrBpm;
      const z = a.hrZoneTimesS;
      const rpe = a.perceivedExertion;
      const gain = a.elevationGainM;
      const l = activityLoadOf(sport, t, rpe, avgHr, z, distanceM, athlete, th, gain, cal);
      load += l.value;
      const da: DayActivity = { id: a.id, sport, durationS, load: l.value, loadMethod: l.method };
      if (name !== undefined) da.name = name;
      if (distanceM !== undefined) da.distanceM = distanceM;
      acts[q] = da;
      if (sport === 'strength') strength[i] = 1;
      if (!isRunSport(sport)) {
        if (athlete.crossTrainingCounts && crossCounts(sport) && durationS >= MIN_RUN_S) {
          if (rank < 1) rank = 1;
          if (cross === undefined) cross = [sport];
          else cross.push(sport);
          const kw = hardKeyword(name);
          const above = z && z.length >= 4 ? ((z[3] ?? 0) + (z[4] ?? 0)) / 60 : 0;
          if ((kw?.kind === 'workout' && !kw.weak) || (rpe !== undefined && rpe >= 7) || above >= ABOVE_THRESHOLD_MIN) {
            evidence.push(`structured ${sport}: ${kw?.kind === 'workout' ? kw.label : rpe !== undefined && rpe >= 7 ? `RPE ${rpe}` : `${Math.round(above)} min above threshold HR`} (cross-training counts)`);
            rank = 2;
          }
        }
        continue;
      }
      const workoutType = a.workoutType;
      const isRace = workoutType === 'race';
      if (t < MIN_RUN_S && !isRace) {
        shortRun = true;
        continue;
      }
      ran[i] = 1;
      const startMin = minuteOfDay(a.startLocal);
      if (runStartMin[i] === -1 || startMin < (runStartMin[i] as number)) runStartMin[i] = startMin;
      const endMin = Math.min(24 * 60, startMin + Math.round(durationS / 60));
      if (endMin > (runEndMin[i] as number)) runEndMin[i] = endMin;
      if (i === n - 1) {
        // run end is only needed for the last day (today, for session timing)
        const end = localWithOffsetToUtcMs(a.startLocal, a.utcOffsetMin) + durationS * 1000;
        if (!(end <= lastDayRunEnd)) lastDayRunEnd = end;
      }
      const before = evidence.length;
      const kw = hardKeyword(name);
      const minutes = t / 60;
      // grade-adjusted distance and intensity (share of threshold speed), when known
      const flatM = distanceM !== undefined && distanceM > 0 ? distanceM + CLIMB_FLAT_EQUIV * (gain ?? 0) : undefined;
      const iF = flatM !== undefined && tpace !== undefined && (sport !== 'trail_run' || gain !== undefined) ? tpace / (t / (flatM / 1000)) : undefined;
      const hrHigh = avgHr !== undefined && lthr !== undefined && avgHr >= 0.92 * lthr;
      const climbPerKm = distanceM !== undefined && distanceM > 0 && gain !== undefined ? gain / (distanceM / 1000) : 0;
      const tagged = isRace || workoutType === 'workout' || workoutType === 'long' || (kw !== undefined && !kw.weak);
      const drift = !tagged && iF !== undefined && iF < EASY_PACE_IF;
      if (isRace || kw?.kind === 'race') evidence.push('race');
      if (workoutType === 'workout') evidence.push('workout (tagged)');
      else if (kw?.kind === 'workout' && (!kw.weak || climbPerKm >= HILL_M_PER_KM || hrHigh || (iF !== undefined && iF >= 0.85))) evidence.push(workoutText(kw.label));
      const longByDistance = flatM !== undefined && prevCnt >= 3 && flatM >= 0.9 * prevLongest && flatM >= 1.25 * prevMean;
      if (workoutType === 'long') evidence.push('long run (tagged)');
      else if (kw?.kind === 'long' && (!kw.weak || minutes >= WEAK_LONG_MIN || longByDistance)) evidence.push('long run in title');
      else if (minutes >= LONG_RUN_MIN) evidence.push(longMinutesText(Math.round(minutes)));
      else if (longByDistance && flatM !== undefined) evidence.push(longDistanceText(flatM));
      if (gain !== undefined && gain >= CLIMB_HARD_M && minutes >= CLIMB_HARD_MIN) evidence.push(`long climb: ${Math.round(gain)} m of ascent in ${Math.round(minutes)} min`);
      if (z && z.length >= 4) {
        const above = ((z[3] ?? 0) + (z[4] ?? 0)) / 60;
        if (above >= ABOVE_THRESHOLD_MIN && !drift) evidence.push(aboveText(Math.round(above)));
      } else if (avgHr !== undefined && lthr !== undefined && avgHr >= lthr && minutes >= ABOVE_THRESHOLD_MIN && !drift) {
        evidence.push(`${Math.round(minutes)} min above threshold HR (average ${avgHr} ≥ LTHR ${lthr})`);
      }
      if (avgHr !== undefined && lthr !== undefined) {
        if (avgHr < lthr && hrHigh && minutes >= 20 && !drift) evidence.push(intensityHrText(avgHr));
      } else if (avgHr === undefined && (!z || z.length === 0) && iF !== undefined && minutes >= 20 && flatM !== undefined) {
        const pace = t / (flatM / 1000);
        if (iF >= 0.85) evidence.push(intensityPaceText(Math.round(pace), Math.round(iF * 100)));
      }
      if (rpe !== undefined && rpe >= 7) evidence.push(rpeText(rpe));
      if (drift && (hrHigh || (z && z.length >= 4 && ((z[3] ?? 0) + (z[4] ?? 0)) / 60 >= ABOVE_THRESHOLD_MIN)) && evidence.length === before) {
        driftNote = 'heart rate high at an easy pace (drift, e.g. heat): counted easy';
      }
      if (avgHr === undefined && (!z || z.length === 0) && !(distanceM !== undefined && distanceM > 0) && rpe === undefined && evidence.length === before) {
        if (askFor === undefined) askFor = [da];
        else askFor.push(da);
      }
      if (distanceM !== undefined && prevLongest > 0 && distanceM > 1.1 * prevLongest) {
        spike[i] = 1;
        evidence.push(`spike: ${fmtKm(distanceM)} km > 110% of 30-day longest (${fmtKm(prevLongest)} km)`);
      }
      if (evidence.length > before) rank = 2;
      else if (rank < 1) rank = 1;
    }
    if (rank === 1 && evidence.length === 0) {
      if (askFor) evidence.push(askFor.length === 1 && askFor[0]?.sport === 'treadmill_run' ? 'treadmill run without heart rate or distance: rate the effort (1–10) to classify it' : 'run without heart rate or distance: rate the effort (1–10) to classify it');
      else if (driftNote) evidence.push(driftNote);
      else evidence.push(cross?.length && !ran[i] ? `cross-training counts: ${cross.join(', ')}` : 'easy run: no hard signal');
    }
    if (rank === 0) evidence.push(shortRun ? 'no run ≥ 10 min' : 'no run (cross-training only)');
    cls[i] = rank;
    const day: Day = {
      date,
      class: RANK_CLASS[rank] as DayClass,
      source: 'actual',
      load: Math.round(load * 10) / 10,
      evidence: evidence.toArray(),
      activities: acts,
    };
    if (askFor && rank === 1) {
      day.needsEffortRating = true;
      for (const da of askFor) da.needsEffortRating = true;
    }
    days[i] = day;
  }
  return { from, to, days, cls, ran, strength, spike, lastDayRunEndUtcMs: lastDayRunEnd, runStartMin, runEndMin, thresholds: th };
}

// ---- evidence texts: the same few hundred strings recur across runs and athletes, so
// each template is memoised by its (numeric) inputs; the text is the same either way.
// Sized for the range a text's inputs take (paces × percentages run into thousands; a cache
// that is cleared when full and refilled at once gains nothing); at most ~1.5 MB per cache.
const TEXT_CACHE_MAX = 16_384;
const workoutTexts = new Map<string, string>();
const longMinutesTexts = new Map<number, string>();
const longDistanceTexts = new Map<number, string>();
const aboveTexts = new Map<number, string>();
const intensityHrTexts = new Map<number, string>();
const intensityPaceTexts = new Map<number, string>();
const rpeTexts = new Map<number, string>();

function remember<K>(cache: Map<K, string>, key: K, text: string): string {
  if (cache.size >= TEXT_CACHE_MAX) cache.clear();
  cache.set(key, text);
  return text;
}

function workoutText(label: string): string {
  return workoutTexts.get(label) ?? remember(workoutTexts, label, `workout: ${label} in title`);
}

function longMinutesText(min: number): string {
  return longMinutesTexts.get(min) ?? remember(longMinutesTexts, min, `long run: ${min} min ≥ ${LONG_RUN_MIN} min`);
}

function longDistanceText(m: number): string {
  return longDistanceTexts.get(m) ?? remember(longDistanceTexts, m, `long run: ${fmtKm(m)} km ≥ 90% of 30-day longest`);
}

function aboveText(min: number): string {
  return aboveTexts.get(min) ?? remember(aboveTexts, min, `${min} min above threshold HR`);
}

function intensityHrText(hr: number): string {
  return intensityHrTexts.get(hr) ?? remember(intensityHrTexts, hr, `intensity: average HR ${hr} bpm ≥ 92% of LTHR`);
}

/** pace already rounded to whole s/km, pct to a whole percent. */
function intensityPaceText(pace: number, pct: number): string {
  const key = pace * 1000 + pct;
  return intensityPaceTexts.get(key) ?? remember(intensityPaceTexts, key, `intensity: pace ${fmtPace(pace)}/km at ${pct}% of threshold speed`);
}

function rpeText(rpe: number): string {
  return rpeTexts.get(rpe) ?? remember(rpeTexts, rpe, `RPE ${rpe}`);
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
