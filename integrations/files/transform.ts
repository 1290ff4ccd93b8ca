/**
 * @module integrations/files/transform
 * Pure mapping from a decoded file activity (`RawActivity`) to the core's `NewActivity`, the
 * same shape the Strava path produces. No I/O, no clock.
 *
 * Time zone: a FIT activity message records the device's local clock next to UTC, which gives
 * the offset at the start; the default zone (the runner's) names the zone when its offset agrees.
 * GPX and TCX record UTC only, so the default zone supplies the offset.
 */
import type { NewActivity } from '../../src/core/activity';
import { FileImportError } from './errors';
import { ascentOf, distanceOf, elapsedOf, hrZoneTimes, movingTimeOf, weightedStats } from './samples';
import type { RawActivity } from './wire';

/** The `provider` of every activity imported from a file (the schema's PROVIDERS value). */
export const FILE_PROVIDER = 'files' as const satisfies NewActivity['provider'];

type Sport = NewActivity['sport'];

const SPORT_BY_KEY: Record<string, Sport> = {
  run: 'run',
  running: 'run',
  streetrunning: 'run',
  trackrunning: 'run',
  '9': 'run',
  trailrun: 'trail_run',
  trailrunning: 'trail_run',
  trail: 'trail_run',
  treadmill: 'treadmill_run',
  treadmillrunning: 'treadmill_run',
  indoorrunning: 'treadmill_run',
  virtualrun: 'treadmill_run',
  walk: 'walk',
  walking: 'walk',
  '10': 'walk',
  hike: 'hike',
  hiking: 'hike',
  snowshoe: 'hike',
  '4': 'hike',
  ride: 'ride',
  cycling: 'ride',
  biking: 'ride',
  ebiking: 'ride',
  ebikeride: 'ride',
  virtualride: 'ride',
  gravelride: 'ride',
  mountainbikeride: 'ride',
  mountainbiking: 'ride',
  '1': 'ride',
  swim: 'swim',
  swimming: 'swim',
  weighttraining: 'strength',
  strengthtraining: 'strength',
  crossfit: 'strength',
  yoga: 'yoga',
  pilates: 'yoga',
  climb: 'climb',
  rockclimbing: 'climb',
  climbing: 'climb',
};

const key = (s: string | undefined): string => (s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** File sport (+ FIT sub-sport) to our sport; unknown → `other`. */
export function mapFileSport(sport: string, subSport?: string): Sport {
  const main = SPORT_BY_KEY[key(sport)] ?? 'other';
  const sub = SPORT_BY_KEY[key(subSport)];
  if (main === 'run' && (sub === 'trail_run' || sub === 'treadmill_run')) return sub;
  if (main === 'run' && key(subSport) === 'virtualactivity') return 'treadmill_run';
  if (key(sport) === 'training' || key(sport) === 'fitnessequipment' || main === 'other') {
    if (sub && sub !== 'run') return sub;
  }
  return main;
}

export const RUN_SPORTS: ReadonlySet<Sport> = new Set(['run', 'trail_run', 'treadmill_run']);

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** UTC offset in minutes of `timeZone` at instant `ms` (web-standard Intl only). */
export function zoneOffsetMin(timeZone: string, ms: number): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Offset and zone of the start: the file's own offset wins; the zone only when it agrees. */
export function resolveZone(raw: Pick<RawActivity, 'localOffsetMin' | 'startUtcMs'>, defaultTimeZone: string | undefined): { utcOffsetMin: number; timeZone: string | null } {
  const zoneOffset = defaultTimeZone ? zoneOffsetMin(defaultTimeZone, raw.startUtcMs) : undefined;
  if (raw.localOffsetMin !== undefined) {
    return { utcOffsetMin: raw.localOffsetMin, timeZone: defaultTimeZone && zoneOffset === raw.localOffsetMin ? defaultTimeZone : null };
  }
  if (defaultTimeZone && zoneOffset !== undefined) return { utcOffsetMin: zoneOffset, timeZone: defaultTimeZone };
  return { utcOffsetMin: 0, timeZone: 'UTC' };
}

export interface TransformContext {
  /** display name of the file, for errors */
  file: string;
  externalId: string;
  /** IANA zone used when the file records no local offset (GPX, TCX, some FIT) */
  defaultTimeZone?: string;
  /** for time in heart-rate zones; without it no zone times are computed */
  hrMaxBpm?: number;
  /** a name from outside the file (Strava export CSV) */
  name?: string;
  /** a sport from outside the file (Strava export CSV `Activity Type`) */
  sport?: string;
}

const round = (x: number | undefined): number | undefined => (x === undefined ? undefined : Math.round(x));

/** Map one decoded activity to `NewActivity`; throws FileImportError when it has no duration. */
export function toNewActivity(raw: RawActivity, ctx: TransformContext): NewActivity {
  const samples = raw.samples;
  const durationS = round(raw.elapsedS) ?? elapsedOf(samples) ?? round(raw.movingS);
  if (durationS === undefined || !(durationS > 0)) throw new FileImportError(ctx.file, 'no_activity', 'has no duration (no summary and fewer than two timed points)');
  const { utcOffsetMin, timeZone } = resolveZone(raw, ctx.defaultTimeZone);
  const startLocal = new Date(Math.floor(raw.startUtcMs / 1000) * 1000 + utcOffsetMin * 60_000).toISOString().slice(0, 19);
  const fileSport = mapFileSport(raw.sport, raw.subSport);
  const sport = ctx.sport !== undefined && mapFileSport(ctx.sport) !== 'other' ? mapFileSport(ctx.sport) : fileSport;
  const hr = weightedStats(samples, (s) => s.hrBpm);
  // moving time from the track needs a track: on a treadmill, or a recording whose points never
  // move (no GPS), it would be 0 and the run would not count; the duration stands in then
  const trackMoving = raw.movingS === undefined && sport !== 'treadmill_run' ? movingTimeOf(samples) : undefined;
  const moving = round(raw.movingS) ?? (trackMoving === 0 ? undefined : trackMoving);
  const distance = raw.distanceM ?? distanceOf(samples);
  return {
    provider: FILE_PROVIDER,
    externalId: ctx.externalId,
    localDate: startLocal.slice(0, 10),
    startLocal,
    utcOffsetMin,
    startUtcMs: raw.startUtcMs,
    timeZone,
    sport,
    name: ctx.name ?? raw.name ?? null,
    durationS,
    movingTimeS: moving === undefined ? null : Math.min(moving, durationS),
    distanceM: distance === undefined ? null : Math.round(distance * 10) / 10,
    elevationGainM: raw.ascentM ?? ascentOf(samples) ?? null,
    avgHrBpm: raw.avgHrBpm ?? hr?.avg ?? null,
    maxHrBpm: raw.maxHrBpm ?? hr?.max ?? null,
    hrZoneTimesS: hrZoneTimes(samples, ctx.hrMaxBpm) ?? null,
    workoutType: RUN_SPORTS.has(sport) ? 'default' : null,
  };
}
