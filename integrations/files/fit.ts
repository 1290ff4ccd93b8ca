/**
 * @module integrations/files/fit
 * FIT activity files via `@garmin/fitsdk`: integrity first (header size, CRC), then the session
 * summaries (one activity per session; transitions of a multisport file are dropped), laps when a
 * file has no session, records for samples and anything the summary lacks. Developer fields are
 * decoded by the SDK and never read.
 */
import { Decoder, type LapMesg, type RecordMesg, type SessionMesg, Stream, Utils } from '@garmin/fitsdk';
import { FileImportError } from './errors';
import type { RawActivity, RawSample } from './wire';

const FIT_SIGNATURE = [0x2e, 0x46, 0x49, 0x54]; // ".FIT"

/** True when the bytes start with a FIT file header. */
export function looksLikeFit(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const headerSize = bytes[0] ?? 0;
  if (headerSize !== 12 && headerSize !== 14) return false;
  return FIT_SIGNATURE.every((b, i) => bytes[8 + i] === b);
}

function checkHeader(file: string, bytes: Uint8Array): void {
  if (!looksLikeFit(bytes)) throw new FileImportError(file, 'wrong_type', 'is not a FIT file (no ".FIT" header)');
  const headerSize = bytes[0] ?? 14;
  const dataSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const expected = headerSize + dataSize + 2;
  if (expected > bytes.length) {
    throw new FileImportError(file, 'truncated', `is truncated: its header announces ${dataSize} bytes of data, the file has ${Math.max(0, bytes.length - headerSize - 2)}`);
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const positive = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n > 0 ? n : undefined;
};
const timeOf = (v: unknown): number | undefined => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.getTime() : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function toSample(r: RecordMesg): RawSample | undefined {
  const tMs = timeOf(r.timestamp);
  if (tMs === undefined) return undefined;
  const s: RawSample = { tMs };
  const hr = positive(r.heartRate);
  if (hr !== undefined) s.hrBpm = hr;
  const power = num(r.power);
  if (power !== undefined) s.powerW = power;
  const alt = num(r.enhancedAltitude) ?? num(r.altitude);
  if (alt !== undefined) s.altitudeM = alt;
  const dist = num(r.distance);
  if (dist !== undefined) s.distanceM = dist;
  const lat = num(r.positionLat);
  const lon = num(r.positionLong);
  if (lat !== undefined && lon !== undefined) {
    s.lat = lat * (180 / 2 ** 31);
    s.lon = lon * (180 / 2 ** 31);
  }
  return s;
}

/** Device local clock minus UTC, from the activity message, rounded to 15 minutes. */
export function localOffsetMin(timestamp: unknown, localTimestamp: unknown): number | undefined {
  const utcMs = timeOf(timestamp);
  const local = num(localTimestamp);
  if (utcMs === undefined || local === undefined) return undefined;
  const localMs = local * 1000 + Utils.FIT_EPOCH_MS;
  const offset = Math.round((localMs - utcMs) / 60_000 / 15) * 15;
  return Math.abs(offset) <= 14 * 60 ? offset : undefined;
}

type Summary = Pick<SessionMesg, 'startTime' | 'timestamp' | 'sport' | 'subSport' | 'totalElapsedTime' | 'totalTimerTime' | 'totalDistance' | 'totalAscent' | 'avgHeartRate' | 'maxHeartRate' | 'avgPower' | 'maxPower'> & { sportProfileName?: unknown };

/** One summary for a file without sessions: the laps added up. */
function lapsAsSummary(laps: readonly LapMesg[]): Summary | undefined {
  const first = laps[0];
  if (!first) return undefined;
  const sum = (pick: (l: LapMesg) => unknown): number | undefined => {
    let total: number | undefined;
    for (const l of laps) {
      const v = num(pick(l));
      if (v !== undefined) total = (total ?? 0) + v;
    }
    return total;
  };
  const maxOf = (pick: (l: LapMesg) => unknown): number | undefined => {
    const values = laps.map((l) => num(pick(l))).filter((v): v is number => v !== undefined);
    return values.length > 0 ? Math.max(...values) : undefined;
  };
  return {
    startTime: first.startTime,
    sport: first.sport,
    subSport: first.subSport,
    totalElapsedTime: sum((l) => l.totalElapsedTime),
    totalTimerTime: sum((l) => l.totalTimerTime),
    totalDistance: sum((l) => l.totalDistance),
    totalAscent: sum((l) => l.totalAscent),
    maxHeartRate: maxOf((l) => l.maxHeartRate),
    maxPower: maxOf((l) => l.maxPower),
  };
}

function samplesWithin(samples: readonly RawSample[], fromMs: number, toMs: number | undefined): RawSample[] {
  return samples.filter((s) => s.tMs >= fromMs && (toMs === undefined || s.tMs <= toMs));
}

function toRaw(summary: Summary, samples: RawSample[], extra: { offset: number | undefined; name: string | undefined; index: number; multi: boolean }): RawActivity | undefined {
  const startUtcMs = timeOf(summary.startTime) ?? samples[0]?.tMs;
  if (startUtcMs === undefined) return undefined;
  const elapsedS = num(summary.totalElapsedTime);
  const own = samplesWithin(samples, startUtcMs, elapsedS === undefined ? undefined : startUtcMs + elapsedS * 1000 + 1000);
  const raw: RawActivity = { format: 'fit', sport: text(summary.sport) ?? 'generic', startUtcMs, samples: own, index: extra.index, multi: extra.multi };
  const sub = text(summary.subSport);
  if (sub) raw.subSport = sub;
  if (extra.name) raw.name = extra.name;
  if (extra.offset !== undefined) raw.localOffsetMin = extra.offset;
  const fields: Array<[keyof RawActivity, number | undefined]> = [
    ['elapsedS', elapsedS],
    ['movingS', num(summary.totalTimerTime)],
    ['distanceM', num(summary.totalDistance)],
    ['ascentM', num(summary.totalAscent)],
    ['avgHrBpm', positive(summary.avgHeartRate)],
    ['maxHrBpm', positive(summary.maxHeartRate)],
    ['avgPowerW', positive(summary.avgPower)],
    ['maxPowerW', positive(summary.maxPower)],
  ];
  for (const [key, value] of fields) if (value !== undefined) (raw as unknown as Record<string, number>)[key] = value;
  return raw;
}

/** Decode one FIT file into its activities; throws FileImportError for anything unusable. */
export function parseFit(file: string, bytes: Uint8Array): RawActivity[] {
  checkHeader(file, bytes);
  if (!new Decoder(Stream.fromByteArray(bytes)).checkIntegrity()) throw new FileImportError(file, 'bad_crc', 'fails its FIT checksum (CRC): the file is damaged');
  const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read({ includeUnknownData: false, decodeMemoGlobs: false });
  const firstError = errors[0];
  if (firstError) throw new FileImportError(file, 'corrupt', `is a damaged FIT file (${firstError.message})`, { cause: firstError });
  const type = messages.fileIdMesgs?.[0]?.type;
  if (type !== 'activity') throw new FileImportError(file, 'no_activity', `is a FIT ${typeof type === 'string' ? `${type} ` : ''}file, not an activity`);

  const samples = (messages.recordMesgs ?? []).map(toSample).filter((s): s is RawSample => s !== undefined).sort((a, b) => a.tMs - b.tMs);
  const activity = messages.activityMesgs?.[0];
  const offset = activity ? localOffsetMin(activity.timestamp, activity.localTimestamp) : undefined;
  const name = text(messages.sportMesgs?.[0]?.name) ?? text(messages.workoutMesgs?.[0]?.wktName);
  const sessions: Summary[] = (messages.sessionMesgs ?? []).filter((s) => s.sport !== 'transition');
  if (sessions.length === 0) {
    const fromLaps = lapsAsSummary(messages.lapMesgs ?? []);
    const fallback: Summary = fromLaps ?? { sport: messages.sportMesgs?.[0]?.sport ?? 'generic' };
    if (fromLaps || samples.length > 1) sessions.push(fallback);
  }
  const multi = sessions.length > 1;
  const out = sessions
    .map((s, index) => toRaw(s, samples, { offset, name: multi ? undefined : name, index, multi }))
    .filter((a): a is RawActivity => a !== undefined);
  if (out.length === 0) throw new FileImportError(file, 'no_activity', 'is a FIT activity file with no session, lap or record');
  return out;
}
