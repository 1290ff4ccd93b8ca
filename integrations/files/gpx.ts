/**
 * @module integrations/files/gpx
 * GPX 1.0/1.1 tracks: one activity per file (all tracks and segments joined), heart rate,
 * cadence-free power and temperature-free from the Garmin TrackPointExtension or any `hr`/`power`
 * leaf under `<extensions>`.
 */
import { FileImportError } from './errors';
import type { RawActivity, RawSample } from './wire';
import { attr, child, children, findLeafNumber, leafNumber, leafText, parseXml, unescapeXml, xmlText } from './xml';

function toSample(pt: unknown): RawSample | undefined {
  const time = leafText(pt, 'time');
  const tMs = time === undefined ? Number.NaN : Date.parse(time);
  if (Number.isNaN(tMs)) return undefined;
  const s: RawSample = { tMs };
  const lat = Number(attr(pt, 'lat'));
  const lon = Number(attr(pt, 'lon'));
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    s.lat = lat;
    s.lon = lon;
  }
  const ele = leafNumber(pt, 'ele');
  if (ele !== undefined) s.altitudeM = ele;
  const ext = child(pt, 'extensions');
  const hr = findLeafNumber(ext, 'hr') ?? findLeafNumber(ext, 'heartrate');
  if (hr !== undefined && hr > 0) s.hrBpm = hr;
  const power = findLeafNumber(ext, 'power') ?? findLeafNumber(ext, 'PowerInWatts');
  if (power !== undefined) s.powerW = power;
  return s;
}

export function parseGpx(file: string, bytes: Uint8Array): RawActivity[] {
  const root = child(parseXml(file, xmlText(bytes)), 'gpx');
  if (!root) throw new FileImportError(file, 'wrong_type', 'is XML but not GPX (no <gpx> root)');
  const tracks = children(root, 'trk');
  const samples: RawSample[] = [];
  for (const trk of tracks) {
    for (const seg of children(trk, 'trkseg')) {
      for (const pt of children(seg, 'trkpt')) {
        const s = toSample(pt);
        if (s) samples.push(s);
      }
    }
  }
  samples.sort((a, b) => a.tMs - b.tMs);
  const first = samples[0];
  if (!first || samples.length < 2) throw new FileImportError(file, 'no_activity', 'is a GPX file without a timed track (a route or waypoints only)');
  const trk = tracks[0];
  const name = leafText(trk, 'name') ?? leafText(child(root, 'metadata'), 'name');
  const raw: RawActivity = { format: 'gpx', sport: leafText(trk, 'type') ?? 'running', startUtcMs: first.tMs, samples, index: 0, multi: false };
  if (name) raw.name = unescapeXml(name);
  return [raw];
}
