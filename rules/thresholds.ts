/**
 * Heart-rate and pace thresholds: the athlete's settings when given, else estimated
 * from history (landscape-and-science.md §2.2). Every estimate is flagged as such.
 *
 * Method (documented, deterministic):
 * - HRmax: the setting; else the highest credible recorded max HR (≤ 220 bpm, and not
 *   more than 40 bpm above that activity's average — a crude spike filter since streams
 *   are not available); else the highest average HR of a ≥ 20-min run ÷ 0.92.
 * - HRrest: the setting; else 60 bpm placeholder (as Atlo does).
 * - LTHR: the setting; else the best average HR of a 25–60-min race (Friel: average HR
 *   of a ~30-min all-out effort ≈ LTHR); else HRrest + 0.85·(HRmax − HRrest) (Elevate default).
 * - Threshold pace: the setting; else the faster of (a) the average pace of the fastest
 *   25–60-min race and (b) the median run pace × 0.80 (easy running sits at ~75–85 % of
 *   threshold speed), so a history of only easy runs does not make easy pace "threshold".
 */
import type { ActivityInput, AthleteProfile, Thresholds } from './types';

const RUN_SPORTS = new Set(['run', 'trail_run', 'treadmill_run']);
export function isRunSport(s: string): boolean {
  return s === 'run' || s === 'trail_run' || s === 'treadmill_run';
}
export { RUN_SPORTS };

// per-call temporary for run speeds, reused across calls (never escapes)
let speedScratch = new Float64Array(256);

export function estimateThresholds(activities: readonly ActivityInput[], athlete: AthleteProfile): Thresholds {
  const notes: string[] = [];
  let estimated = false;

  let bestMax = 0;
  let bestAvgRun = 0;
  let bestRaceHr = 0;
  let bestRaceSpeed = 0;
  if (speedScratch.length < activities.length) speedScratch = new Float64Array(2 * activities.length);
  const speeds = speedScratch;
  let nSpeeds = 0;
  for (let i = 0; i < activities.length; i++) {
    const a = activities[i] as ActivityInput;
    const avg = a.avgHrBpm;
    const mx = a.maxHrBpm;
    if (mx !== undefined && mx <= 220 && mx > bestMax && (avg === undefined || mx - avg <= 40)) bestMax = mx;
    const sport = a.sport;
    if (!isRunSport(sport)) continue;
    const t = a.movingTimeS ?? a.durationS;
    if (avg !== undefined && t >= 1200 && avg > bestAvgRun) bestAvgRun = avg;
    const isRace = a.workoutType === 'race';
    if (isRace && t >= 1500 && t <= 3600 && avg !== undefined && avg > bestRaceHr) bestRaceHr = avg;
    const distanceM = a.distanceM;
    if (distanceM !== undefined && distanceM > 0 && t >= 600 && sport !== 'trail_run') {
      const v = distanceM / t;
      if (isRace && t >= 1500 && t <= 3600 && v > bestRaceSpeed) bestRaceSpeed = v;
      speeds[nSpeeds++] = v;
    }
  }

  let hrMax = athlete.hrMaxBpm;
  if (hrMax !== undefined) notes.push(`HRmax ${hrMax} bpm from settings`);
  else if (bestMax > 0) {
    hrMax = bestMax;
    estimated = true;
    notes.push(`HRmax ${hrMax} bpm estimated: highest credible recorded max HR`);
  } else if (bestAvgRun > 0) {
    hrMax = Math.round(bestAvgRun / 0.92);
    estimated = true;
    notes.push(`HRmax ${hrMax} bpm estimated: highest 20-min+ run average HR ÷ 0.92`);
  }

  let hrRest = athlete.hrRestBpm;
  if (hrRest !== undefined) notes.push(`HRrest ${hrRest} bpm from settings`);
  else if (hrMax !== undefined) {
    hrRest = 60;
    estimated = true;
    notes.push('HRrest 60 bpm placeholder (estimated)');
  }

  let lthr = athlete.lthrBpm;
  if (lthr !== undefined) notes.push(`LTHR ${lthr} bpm from settings`);
  else if (bestRaceHr > 0) {
    lthr = bestRaceHr;
    estimated = true;
    notes.push(`LTHR ${lthr} bpm estimated: average HR of the best 25–60-min race (Friel)`);
  } else if (hrMax !== undefined && hrRest !== undefined) {
    lthr = Math.round(hrRest + 0.85 * (hrMax - hrRest));
    estimated = true;
    notes.push(`LTHR ${lthr} bpm estimated: HRrest + 0.85 × HR reserve (Elevate default)`);
  }

  let pace = athlete.thresholdPaceSPerKm;
  if (pace !== undefined) notes.push(`threshold pace ${Math.round(pace)} s/km from settings`);
  else if (nSpeeds >= 3 || bestRaceSpeed > 0) {
    let v = bestRaceSpeed;
    if (nSpeeds >= 3) {
      const median = nthSmallest(speeds, nSpeeds, nSpeeds >> 1);
      v = Math.max(v, median / 0.8);
    }
    pace = Math.round(1000 / v);
    estimated = true;
    notes.push(`threshold pace ${pace} s/km estimated from race pace / median run pace ÷ 0.80`);
  }

  const out: Thresholds = { estimated, method: notes.length ? notes.join('; ') : 'no heart-rate or pace data' };
  if (hrMax !== undefined) out.hrMaxBpm = hrMax;
  if (hrRest !== undefined) out.hrRestBpm = hrRest;
  if (lthr !== undefined) out.lthrBpm = lthr;
  if (pace !== undefined) out.thresholdPaceSPerKm = pace;
  return out;
}

/**
 * The k-th smallest of xs[0, n) (the value sorted(xs)[k]) by quickselect (deterministic
 * middle pivot), reordering that range in place; avoids allocating a sorted copy.
 */
function nthSmallest(xs: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((xs[i] as number) < pivot) i++;
      while ((xs[j] as number) > pivot) j--;
      if (i <= j) {
        const t = xs[i] as number;
        xs[i] = xs[j] as number;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return xs[k] as number;
}
