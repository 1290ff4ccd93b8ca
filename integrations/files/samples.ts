/**
 * @module integrations/files/samples
 * Summaries computed from recorded points, for files (GPX, some TCX and FIT) that carry no
 * totals of their own. Pure functions over `RawSample[]` sorted by time.
 */
import type { RawSample } from './wire';

const EARTH_RADIUS_M = 6_371_008.8;
/** an elevation change smaller than this is GPS/barometer noise, not climbing */
const ASCENT_HYSTERESIS_M = 3;
/** slower than this between two points counts as stopped */
const MOVING_MIN_SPEED_MPS = 0.5;
/** a gap longer than this between two points is a pause (auto-pause, or the device was stopped) */
const PAUSE_GAP_S = 30;

const toRad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Total distance: the last cumulative distance when recorded, else the sum of hops between positions. */
export function distanceOf(samples: readonly RawSample[]): number | undefined {
  let lastCumulative: number | undefined;
  for (const s of samples) if (s.distanceM !== undefined) lastCumulative = s.distanceM;
  if (lastCumulative !== undefined) return lastCumulative;
  let total = 0;
  let prev: RawSample | undefined;
  let any = false;
  for (const s of samples) {
    if (s.lat === undefined || s.lon === undefined) continue;
    if (prev?.lat !== undefined && prev.lon !== undefined) {
      total += haversineM(prev.lat, prev.lon, s.lat, s.lon);
      any = true;
    }
    prev = s;
  }
  return any ? total : undefined;
}

/** Climbing with a hysteresis band, so noise on a flat route does not add up. */
export function ascentOf(samples: readonly RawSample[]): number | undefined {
  let reference: number | undefined;
  let gain = 0;
  for (const s of samples) {
    const alt = s.altitudeM;
    if (alt === undefined || !Number.isFinite(alt)) continue;
    if (reference === undefined) {
      reference = alt;
      continue;
    }
    if (alt - reference >= ASCENT_HYSTERESIS_M) {
      gain += alt - reference;
      reference = alt;
    } else if (reference - alt >= ASCENT_HYSTERESIS_M) {
      reference = alt;
    }
  }
  return reference === undefined ? undefined : Math.round(gain * 10) / 10;
}

/** Time-weighted mean and the max of one sampled value (each sample holds until the next). */
export function weightedStats(samples: readonly RawSample[], pick: (s: RawSample) => number | undefined): { avg: number; max: number } | undefined {
  let weighted = 0;
  let weight = 0;
  let max = Number.NEGATIVE_INFINITY;
  let count = 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as RawSample;
    const v = pick(s);
    if (v === undefined || !Number.isFinite(v) || v <= 0) continue;
    count++;
    sum += v;
    if (v > max) max = v;
    const next = samples[i + 1];
    const dt = next ? Math.min(PAUSE_GAP_S, Math.max(0, (next.tMs - s.tMs) / 1000)) : 0;
    weighted += v * dt;
    weight += dt;
  }
  if (count === 0) return undefined;
  return { avg: Math.round((weight > 0 ? weighted / weight : sum / count) * 10) / 10, max };
}

/** Elapsed seconds from the first to the last sample. */
export function elapsedOf(samples: readonly RawSample[]): number | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return undefined;
  return Math.max(0, Math.round((last.tMs - first.tMs) / 1000));
}

/** Seconds spent moving: hops shorter than the pause gap at walking speed or faster. */
export function movingTimeOf(samples: readonly RawSample[]): number | undefined {
  const withPos = samples.some((s) => s.lat !== undefined || s.distanceM !== undefined);
  if (!withPos || samples.length < 2) return undefined;
  let moving = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as RawSample;
    const b = samples[i] as RawSample;
    const dt = (b.tMs - a.tMs) / 1000;
    if (!(dt > 0) || dt > PAUSE_GAP_S) continue;
    let d: number | undefined;
    if (a.distanceM !== undefined && b.distanceM !== undefined) d = b.distanceM - a.distanceM;
    else if (a.lat !== undefined && a.lon !== undefined && b.lat !== undefined && b.lon !== undefined) d = haversineM(a.lat, a.lon, b.lat, b.lon);
    if (d !== undefined && d / dt >= MOVING_MIN_SPEED_MPS) moving += dt;
  }
  return Math.round(moving);
}

/** Upper bounds of zones 1–4 as fractions of HRmax; zone 5 is everything above (Strava-style 5 zones). */
export const HR_ZONE_UPPER_FRACTIONS = [0.6, 0.7, 0.8, 0.9] as const;

/** Seconds in each of 5 heart-rate zones, or undefined without HR samples or HRmax. */
export function hrZoneTimes(samples: readonly RawSample[], hrMaxBpm: number | undefined): number[] | undefined {
  if (hrMaxBpm === undefined || !(hrMaxBpm > 0)) return undefined;
  const zones = [0, 0, 0, 0, 0];
  let any = false;
  for (let i = 0; i + 1 < samples.length; i++) {
    const s = samples[i] as RawSample;
    const next = samples[i + 1] as RawSample;
    if (s.hrBpm === undefined || !(s.hrBpm > 0)) continue;
    const dt = Math.min(PAUSE_GAP_S, Math.max(0, (next.tMs - s.tMs) / 1000));
    const fraction = s.hrBpm / hrMaxBpm;
    let zone = HR_ZONE_UPPER_FRACTIONS.findIndex((upper) => fraction < upper);
    if (zone < 0) zone = 4;
    zones[zone] = (zones[zone] ?? 0) + dt;
    any = true;
  }
  return any ? zones.map((z) => Math.round(z)) : undefined;
}
