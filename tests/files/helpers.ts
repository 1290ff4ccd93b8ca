/** Builders for activity files used by the files tests: GPX/TCX strings, FIT via the SDK encoder. */
import { readFileSync } from 'node:fs';
import { type DeveloperDataIdMesg, Encoder, type FieldDescriptionMesg, Profile } from '@garmin/fitsdk';
import type { FileInput } from '../../integrations/files';

/** A fixture from the shared folder beside the repo (CI has `shared/` there too). */
export function fixtureUrl(path: string): URL {
  return new URL(`../../../shared/fixtures/${path}`, import.meta.url);
}

export function fixture(path: string): FileInput {
  return { name: path.split('/').pop() as string, bytes: new Uint8Array(readFileSync(fixtureUrl(path))) };
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export interface Point {
  t: string;
  lat: number;
  lon: number;
  ele?: number;
  hr?: number;
}

/** `n` points one every `stepS` seconds from `start`, moving north ~3 m/s, climbing 1 m per point. */
export function track(start: string, n: number, stepS = 5, hr?: (i: number) => number): Point[] {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) => ({
    t: new Date(t0 + i * stepS * 1000).toISOString(),
    lat: 46 + (i * stepS * 3) / 111_195,
    lon: 14.5,
    ele: 300 + i,
    ...(hr ? { hr: hr(i) } : {}),
  }));
}

export function gpx(points: Point[], opts: { name?: string; type?: string } = {}): string {
  const pts = points
    .map(
      (p) =>
        `<trkpt lat="${p.lat}" lon="${p.lon}">${p.ele !== undefined ? `<ele>${p.ele}</ele>` : ''}<time>${p.t}</time>` +
        (p.hr !== undefined ? `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${p.hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>` : '') +
        '</trkpt>',
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk>${opts.name ? `<name>${opts.name}</name>` : ''}${opts.type ? `<type>${opts.type}</type>` : ''}<trkseg>
${pts}
</trkseg></trk></gpx>`;
}

export function tcx(points: Point[], opts: { sport?: string; distanceM?: number } = {}): string {
  const first = points[0]?.t ?? '2026-01-01T00:00:00Z';
  const last = points[points.length - 1]?.t ?? first;
  const total = (Date.parse(last) - Date.parse(first)) / 1000;
  const tps = points
    .map(
      (p, i) =>
        `<Trackpoint><Time>${p.t}</Time><Position><LatitudeDegrees>${p.lat}</LatitudeDegrees><LongitudeDegrees>${p.lon}</LongitudeDegrees></Position>` +
        `${p.ele !== undefined ? `<AltitudeMeters>${p.ele}</AltitudeMeters>` : ''}<DistanceMeters>${i * 15}</DistanceMeters>` +
        (p.hr !== undefined ? `<HeartRateBpm><Value>${p.hr}</Value></HeartRateBpm>` : '') +
        `<Extensions><ns3:TPX><ns3:Watts>${200 + i}</ns3:Watts></ns3:TPX></Extensions></Trackpoint>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
<Activities><Activity Sport="${opts.sport ?? 'Running'}"><Id>${first}</Id>
<Lap StartTime="${first}"><TotalTimeSeconds>${total}</TotalTimeSeconds><DistanceMeters>${opts.distanceM ?? (points.length - 1) * 15}</DistanceMeters>
<MaximumHeartRateBpm><Value>${Math.max(0, ...points.map((p) => p.hr ?? 0))}</Value></MaximumHeartRateBpm><Track>
${tps}
</Track></Lap></Activity></Activities></TrainingCenterDatabase>`;
}

export interface FitOptions {
  start: string;
  /** seconds */
  durationS: number;
  sport?: string;
  subSport?: string;
  /** device local clock offset in minutes; omitted → no local_timestamp */
  offsetMin?: number;
  distanceM?: number;
  ascentM?: number;
  hr?: number;
  /** write records (one per 10 s) with heart rate, power, altitude, distance */
  records?: boolean;
  /** add a developer field to the records */
  developerField?: boolean;
  /** leave the session message out (laps only) */
  noSession?: boolean;
  fileType?: string;
}

/** A FIT activity file written with the SDK encoder. */
export function fitActivity(o: FitOptions): Uint8Array {
  const dev: DeveloperDataIdMesg = { developerDataIndex: 0, applicationId: Array.from({ length: 16 }, (_, i) => i), applicationVersion: 1 };
  const field: FieldDescriptionMesg = { developerDataIndex: 0, fieldDefinitionNumber: 0, fitBaseTypeId: 132, fieldName: 'Doughnuts', units: 'count' } as FieldDescriptionMesg;
  const encoder = o.developerField ? new Encoder({ fieldDescriptions: { 0: { developerDataIdMesg: dev, fieldDescriptionMesg: field } } }) : new Encoder();
  const start = new Date(o.start);
  const end = new Date(start.getTime() + o.durationS * 1000);
  const M = Profile.MesgNum;
  encoder.onMesg(M.FILE_ID as number, { type: o.fileType ?? 'activity', manufacturer: 'development', product: 1, timeCreated: start, serialNumber: 1234 } as never);
  if (o.developerField) {
    encoder.onMesg(M.DEVELOPER_DATA_ID as number, dev);
    encoder.onMesg(M.FIELD_DESCRIPTION as number, field);
  }
  if (o.records) {
    for (let t = 0; t <= o.durationS; t += 10) {
      encoder.onMesg(M.RECORD as number, {
        timestamp: new Date(start.getTime() + t * 1000),
        heartRate: (o.hr ?? 150) + (t % 20 === 0 ? 5 : -5),
        power: 250,
        altitude: 100 + (t / 10) * 0.5,
        distance: ((o.distanceM ?? 0) * t) / o.durationS,
        ...(o.developerField ? { developerFields: { 0: 7 } } : {}),
      } as never);
    }
  }
  const totals = {
    startTime: start,
    timestamp: end,
    totalElapsedTime: o.durationS,
    totalTimerTime: o.durationS - 30,
    ...(o.distanceM !== undefined ? { totalDistance: o.distanceM } : {}),
    ...(o.ascentM !== undefined ? { totalAscent: o.ascentM } : {}),
    ...(o.hr !== undefined ? { avgHeartRate: o.hr, maxHeartRate: o.hr + 20 } : {}),
    sport: o.sport ?? 'running',
    subSport: o.subSport ?? 'generic',
  };
  encoder.onMesg(M.LAP as number, { ...totals, messageIndex: 0 } as never);
  if (!o.noSession) encoder.onMesg(M.SESSION as number, { ...totals, messageIndex: 0, numLaps: 1 } as never);
  const activity: Record<string, unknown> = { timestamp: end, numSessions: 1, type: 'manual', totalTimerTime: o.durationS };
  if (o.offsetMin !== undefined) activity.localTimestamp = Math.round((end.getTime() - 631065600000) / 1000) + o.offsetMin * 60;
  encoder.onMesg(M.ACTIVITY as number, activity as never);
  return encoder.close();
}
