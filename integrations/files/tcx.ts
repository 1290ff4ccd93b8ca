/**
 * @module integrations/files/tcx
 * TCX (Garmin Training Center) activities: one per `<Activity>`, totals from the laps, samples
 * from the trackpoints (heart rate, altitude, cumulative distance, position, `Watts`).
 */
import { FileImportError } from './errors';
import type { RawActivity, RawSample } from './wire';
import { attr, child, children, findLeafNumber, leafNumber, leafText, parseXml, unescapeXml, xmlText } from './xml';

function toSample(tp: unknown): RawSample | undefined {
  const time = leafText(tp, 'Time');
  const tMs = time === undefined ? Number.NaN : Date.parse(time);
  if (Number.isNaN(tMs)) return undefined;
  const s: RawSample = { tMs };
  const pos = child(tp, 'Position');
  const lat = leafNumber(pos, 'LatitudeDegrees');
  const lon = leafNumber(pos, 'LongitudeDegrees');
  if (lat !== undefined && lon !== undefined) {
    s.lat = lat;
    s.lon = lon;
  }
  const alt = leafNumber(tp, 'AltitudeMeters');
  if (alt !== undefined) s.altitudeM = alt;
  const dist = leafNumber(tp, 'DistanceMeters');
  if (dist !== undefined) s.distanceM = dist;
  const hr = leafNumber(child(tp, 'HeartRateBpm'), 'Value');
  if (hr !== undefined && hr > 0) s.hrBpm = hr;
  const watts = findLeafNumber(child(tp, 'Extensions'), 'Watts');
  if (watts !== undefined) s.powerW = watts;
  return s;
}

function sumLaps(laps: readonly unknown[], key: string): number | undefined {
  let total: number | undefined;
  for (const lap of laps) {
    const v = leafNumber(lap, key);
    if (v !== undefined) total = (total ?? 0) + v;
  }
  return total;
}

function toRaw(file: string, activity: unknown, index: number, multi: boolean): RawActivity {
  const laps = children(activity, 'Lap');
  const samples: RawSample[] = [];
  for (const lap of laps) for (const track of children(lap, 'Track')) for (const tp of children(track, 'Trackpoint')) {
    const s = toSample(tp);
    if (s) samples.push(s);
  }
  samples.sort((a, b) => a.tMs - b.tMs);
  const startText = attr(laps[0], 'StartTime') ?? leafText(activity, 'Id');
  const startUtcMs = startText === undefined ? Number.NaN : Date.parse(startText);
  const start = Number.isNaN(startUtcMs) ? samples[0]?.tMs : startUtcMs;
  if (start === undefined) throw new FileImportError(file, 'no_activity', 'is a TCX activity without a start time or trackpoints');
  const raw: RawActivity = { format: 'tcx', sport: attr(activity, 'Sport') ?? 'Other', startUtcMs: start, samples, index, multi };
  const timer = sumLaps(laps, 'TotalTimeSeconds');
  if (timer !== undefined) raw.movingS = timer;
  const distance = sumLaps(laps, 'DistanceMeters');
  if (distance !== undefined) raw.distanceM = distance;
  const maxHrs = laps.map((l) => leafNumber(child(l, 'MaximumHeartRateBpm'), 'Value')).filter((v): v is number => v !== undefined && v > 0);
  if (maxHrs.length > 0) raw.maxHrBpm = Math.max(...maxHrs);
  const notes = leafText(activity, 'Notes');
  if (notes) raw.name = unescapeXml(notes).slice(0, 200);
  return raw;
}

export function parseTcx(file: string, bytes: Uint8Array): RawActivity[] {
  const root = child(parseXml(file, xmlText(bytes)), 'TrainingCenterDatabase');
  if (!root) throw new FileImportError(file, 'wrong_type', 'is XML but not TCX (no <TrainingCenterDatabase> root)');
  const activities = children(child(root, 'Activities'), 'Activity');
  if (activities.length === 0) throw new FileImportError(file, 'no_activity', 'is a TCX file without an <Activity> (a course or workout)');
  return activities.map((a, i) => toRaw(file, a, i, activities.length > 1));
}
