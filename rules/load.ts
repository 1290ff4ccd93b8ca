/**
 * Per-activity load and the daily load series (landscape-and-science.md §2.1, §2.4, §2.5).
 *
 * Every method reports on ONE scale, "1 hour at threshold ≈ 100", so loads of different
 * methods can be summed into a day and fed to CTL/ATL:
 * - trimp: Banister TRIMP = min · x · a · e^(b·x), x = fractional HR reserve, men a=0.64 b=1.92,
 *   women a=0.86 b=1.67 (the engine uses 0.86 for women, unlike Runalyze/GoldenCheetah);
 *   sex unknown: the midpoint a=0.75 b=1.795. Normalised TRIMP(100)-style: ÷ TRIMP(60 min at
 *   LTHR) × 100 (GoldenCheetah).
 * - zone-trimp: Edwards summated zones (weights 1–5 on the 5 HR-zone buckets) ÷ 240 × 100
 *   (60 min in zone 4, where LTHR sits, = 100).
 * - srpe: Foster session-RPE = RPE × minutes, ÷ 4.2 (60 min at RPE 7 ≈ threshold = 100).
 * - pace: rTSS-like = hours × IF^2.5 × 100 with IF = threshold pace ÷ average (grade-adjusted)
 *   pace, IF capped at 1.5. rTSS uses IF²; the steeper 2.5 keeps easy runs within ±20 % of
 *   their heart-rate load (IF² rates a 60-min easy run at 80 % threshold speed 64 vs TRIMP 48);
 *   one hour at threshold pace is 100 either way.
 * - duration: hours × IF² × 100 with a per-sport assumed IF (run 0.75, ride 0.65, swim 0.7,
 *   strength/climb 0.6, hike 0.55, yoga/walk 0.4, other 0.6).
 *
 * Method order: trimp (average HR) → zone-trimp (zone times only) → srpe (RPE given) →
 * pace (run with distance and threshold pace) → duration. For strength, yoga and climbing
 * a reported RPE wins over heart rate (HR under-counts lifting; Foster).
 *
 * Hills: the pace method uses a grade-adjusted distance (distance + 10 × ascent, i.e. 100 m
 * of climb ≈ 1 km of flat running, Naismith-style) so a slow climbing run is not "easy".
 *
 * Agreement: on the same session the methods agree within ±20 % (tests/rules/load.test.ts),
 * so fitness and fatigue do not jump when a runner forgets the watch strap. Per athlete
 * (`calibrateLoad`): the session-RPE factor is fitted to that athlete's heart-rate loads
 * where both exist (median ratio of ≥ 3 sessions, clamped to 0.6–1.6), and a run with no
 * heart rate, RPE or pace gets the athlete's median run load per minute instead of the
 * generic duration guess.
 */
import { estimateThresholds, isRunSport } from './thresholds';
import type { ActivityInput, ActivityLoad, AthleteProfile, Day, LoadPoint, Thresholds } from './types';

export const TRIMP_CONSTANTS = {
  m: { a: 0.64, b: 1.92 },
  f: { a: 0.86, b: 1.67 },
  /** documented middle value when sex is unknown */
  unknown: { a: 0.75, b: 1.795 },
} as const;

const DURATION_IF: Record<string, number> = {
  run: 0.75,
  trail_run: 0.75,
  treadmill_run: 0.75,
  ride: 0.65,
  swim: 0.7,
  strength: 0.6,
  climb: 0.6,
  hike: 0.55,
  yoga: 0.4,
  walk: 0.4,
  other: 0.6,
};

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Per-athlete load calibration (see the file header). */
export interface LoadCalibration {
  /** multiplies the generic session-RPE load */
  srpeFactor: number;
  /** the athlete's median run load per minute, for runs with no other signal */
  runLoadPerMin?: number;
}

const PACE_IF_EXPONENT = 2.5;

export const NO_CALIBRATION: LoadCalibration = { srpeFactor: 1 };
/** metres of flat running one metre of climb is worth */
export const CLIMB_FLAT_EQUIV = 10;

export function computeActivityLoad(
  activity: ActivityInput,
  athlete: AthleteProfile,
  thresholds?: Thresholds,
  calibration: LoadCalibration = NO_CALIBRATION,
): ActivityLoad {
  const th = thresholds ?? estimateThresholds([activity], athlete);
  return activityLoadOf(
    activity.sport,
    activity.movingTimeS ?? activity.durationS,
    activity.perceivedExertion,
    activity.avgHrBpm,
    activity.hrZoneTimesS,
    activity.distanceM,
    athlete,
    th,
    activity.elevationGainM,
    calibration,
  );
}

function medianOf(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? (xs[m] as number) : ((xs[m - 1] as number) + (xs[m] as number)) / 2;
}

/** Fit the session-RPE factor and the run load per minute to this athlete's own sessions. */
export function calibrateLoad(activities: readonly ActivityInput[], athlete: AthleteProfile, th: Thresholds): LoadCalibration {
  const ratios: number[] = [];
  const perMin: number[] = [];
  // the run fallback is only needed when some run has no heart rate, RPE or pace at all
  let bareRun = false;
  for (const a of activities) {
    if (isRunSport(a.sport) && a.avgHrBpm === undefined && (a.hrZoneTimesS?.length ?? 0) === 0 && a.perceivedExertion === undefined && (a.distanceM === undefined || a.distanceM <= 0 || th.thresholdPaceSPerKm === undefined)) {
      bareRun = true;
      break;
    }
  }
  for (const a of activities) {
    const rpe = a.perceivedExertion;
    const withRpe = rpe !== undefined && rpe > 0 && (a.avgHrBpm !== undefined || (a.hrZoneTimesS?.length ?? 0) > 0);
    if (!withRpe && !(bareRun && isRunSport(a.sport))) continue;
    const t = a.movingTimeS ?? a.durationS;
    if (!(t > 0)) continue;
    const l = activityLoadOf(a.sport, t, rpe, a.avgHrBpm, a.hrZoneTimesS, a.distanceM, athlete, th, a.elevationGainM, NO_CALIBRATION);
    if (bareRun && isRunSport(a.sport) && l.method !== 'duration' && t >= 600) perMin.push(l.value / (t / 60));
    if (withRpe && rpe !== undefined && (l.method === 'trimp' || l.method === 'zone-trimp')) ratios.push(l.value / srpe(t / 60, rpe, 1).value);
  }
  const cal: LoadCalibration = { srpeFactor: ratios.length >= 3 ? Math.min(1.6, Math.max(0.6, medianOf(ratios))) : 1 };
  if (perMin.length >= 3) cal.runLoadPerMin = medianOf(perMin);
  return cal;
}

/**
 * computeActivityLoad on an activity's fields, read once by the caller (activities come
 * in many shapes, so every property read is a slow megamorphic load in hot loops).
 * `timeS` is movingTimeS ?? durationS.
 */
export function activityLoadOf(
  sport: ActivityInput['sport'],
  timeS: number,
  rpe: number | undefined,
  avgHr: number | undefined,
  z: number[] | undefined,
  distanceM: number | undefined,
  athlete: AthleteProfile,
  th: Thresholds,
  elevationGainM?: number,
  cal: LoadCalibration = NO_CALIBRATION,
): ActivityLoad {
  const minutes = timeS / 60;
  if (!(minutes > 0)) return { value: 0, method: 'duration', estimatedThresholds: false };
  const nonEndurance = sport === 'strength' || sport === 'yoga' || sport === 'climb';
  if (nonEndurance && rpe !== undefined && rpe > 0) return srpe(minutes, rpe, cal.srpeFactor);

  const { hrMaxBpm: max, hrRestBpm: rest, lthrBpm: lthr } = th;
  if (avgHr !== undefined && max !== undefined && rest !== undefined && max > rest) {
    const k = TRIMP_CONSTANTS[athlete.sex ?? 'unknown'];
    const x = heartRateReserveShare((avgHr - rest) / (max - rest));
    const trimp = minutes * x * k.a * Math.exp(k.b * x);
    const ref = trimpRef(max, rest, lthr, k);
    return { value: round1(ref > 0 ? (trimp / ref) * 100 : 0), method: 'trimp', estimatedThresholds: th.estimated };
  }
  if (z && z.length > 0) {
    let s = 0;
    for (let i = 0; i < z.length; i++) s += ((z[i] ?? 0) / 60) * Math.min(i + 1, 5);
    return { value: round1((s / 240) * 100), method: 'zone-trimp', estimatedThresholds: false };
  }
  if (rpe !== undefined && rpe > 0) return srpe(minutes, rpe, cal.srpeFactor);
  const tp = th.thresholdPaceSPerKm;
  if (isRunSport(sport) && distanceM !== undefined && distanceM > 0 && tp !== undefined) {
    const flatM = distanceM + CLIMB_FLAT_EQUIV * (elevationGainM ?? 0);
    const paceSPerKm = (minutes * 60) / (flatM / 1000);
    const iF = Math.min(1.5, tp / paceSPerKm);
    return {
      value: round1((minutes / 60) * iF ** PACE_IF_EXPONENT * 100),
      method: 'pace',
      estimatedThresholds: th.estimated && athlete.thresholdPaceSPerKm === undefined,
    };
  }
  if (isRunSport(sport) && cal.runLoadPerMin !== undefined) return { value: round1(minutes * cal.runLoadPerMin), method: 'duration', estimatedThresholds: false };
  const iF = DURATION_IF[sport] ?? 0.6;
  return { value: round1((minutes / 60) * iF * iF * 100), method: 'duration', estimatedThresholds: false };
}

// TRIMP of 60 min at LTHR depends on the athlete only: the last one is remembered.
let refMax = Number.NaN;
let refRest = Number.NaN;
let refLthr: number | undefined;
let refK: { a: number; b: number } | undefined;
let refValue = 0;

function trimpRef(max: number, rest: number, lthr: number | undefined, k: { a: number; b: number }): number {
  if (max === refMax && rest === refRest && lthr === refLthr && k === refK) return refValue;
  const xl = heartRateReserveShare(((lthr ?? rest + 0.85 * (max - rest)) - rest) / (max - rest));
  refValue = 60 * xl * k.a * Math.exp(k.b * xl);
  refMax = max;
  refRest = rest;
  refLthr = lthr;
  refK = k;
  return refValue;
}

function srpe(minutes: number, rpe: number, factor: number): ActivityLoad {
  return { value: round1(((Math.min(10, rpe) * minutes) / 4.2) * factor), method: 'srpe', estimatedThresholds: false };
}

/** a share of the heart-rate reserve, kept in [0, 1.1]: an average a little over a stale HRmax still counts */
function heartRateReserveShare(x: number): number {
  return x < 0 ? 0 : Math.min(x, 1.1);
}

const K_CTL = 1 - Math.exp(-1 / 42);
const K_ATL = 1 - Math.exp(-1 / 7);
const L_ACUTE = 2 / (7 + 1);
const L_CHRONIC = 2 / (28 + 1);
/** cap for monotony when the week's loads are identical (SD = 0) */
export const MONOTONY_CAP = 10;

/** what the load series reads of a day */
export type DayLoad = Pick<Day, 'date' | 'load'>;

/**
 * The running state behind the load series: CTL/ATL (EWMA, time constants 42/7), TSB =
 * yesterday's CTL − yesterday's ATL (TrainingPeaks convention), EWMA ACWR (λ 0.25 / 2/29,
 * Williams 2017; informational, null for the first 28 days or when chronic load is 0), 7-day
 * Foster monotony (mean ÷ SD, capped at 10, null before 7 days or with no load) and strain
 * (weekly load × monotony). One day's load in, that day's point out on request, so a caller
 * that needs only the last day builds one point instead of one per day.
 */
class LoadTracker {
  private ctl = 0;
  private atl = 0;
  private acute = 0;
  private chronic = 0;
  private tsb = 0;
  private last = 0;
  private days = 0;
  private readonly win = [0, 0, 0, 0, 0, 0, 0];
  private wsum = 0;

  add(load: number): void {
    this.tsb = this.ctl - this.atl;
    this.ctl += (load - this.ctl) * K_CTL;
    this.atl += (load - this.atl) * K_ATL;
    this.acute = L_ACUTE * load + (1 - L_ACUTE) * this.acute;
    this.chronic = L_CHRONIC * load + (1 - L_CHRONIC) * this.chronic;
    const slot = this.days % 7;
    this.wsum += load - (this.win[slot] as number);
    this.win[slot] = load;
    this.last = load;
    this.days++;
  }

  /** the point of the day added last */
  point(date: string): LoadPoint {
    let monotony: number | null = null;
    let strain: number | null = null;
    const sum = this.wsum;
    if (this.days >= 7 && sum > 1e-9) {
      const mean = sum / 7;
      let v = 0;
      for (let j = 0; j < 7; j++) {
        const e = (this.win[j] as number) - mean;
        v += e * e;
      }
      const sd = Math.sqrt(v / 7);
      monotony = Math.round((sd > 1e-9 ? Math.min(MONOTONY_CAP, mean / sd) : MONOTONY_CAP) * 100) / 100;
      strain = round1(sum * monotony);
    }
    return {
      date,
      load: this.last,
      ctl: round1(this.ctl),
      atl: round1(this.atl),
      tsb: round1(this.tsb),
      acwr: this.days >= 28 && this.chronic > 1e-9 ? Math.round((this.acute / this.chronic) * 100) / 100 : null,
      monotony,
      strain,
    };
  }
}

/**
 * The daily load series (see LoadTracker). `days` must be consecutive and sorted; gaps are
 * treated as zero-load days.
 */
export function computeLoadSeries(days: readonly DayLoad[]): LoadPoint[] {
  const out: LoadPoint[] = new Array(days.length);
  const tracker = new LoadTracker();
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as DayLoad;
    tracker.add(d.load);
    out[i] = tracker.point(d.date);
  }
  return out;
}

/** The series' last point (the form on the last day), without building the others; undefined for no days. */
export function latestLoadPoint(days: readonly DayLoad[]): LoadPoint | undefined {
  if (days.length === 0) return undefined;
  const tracker = new LoadTracker();
  for (let i = 0; i < days.length; i++) tracker.add((days[i] as DayLoad).load);
  return tracker.point((days[days.length - 1] as DayLoad).date);
}
