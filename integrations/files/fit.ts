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

const SEMICIRCLE_DEG = 180 / 2 ** 31;

/**
 * Records → samples sorted by time, in one pass (records of a 1 Hz run number in the thousands
 * per file: this loop is the import's hot path after the decoder). Sorts only when out of order.
 */
function toSamples(records: readonly RecordMesg[]): RawSample[] {
  const out: RawSample[] = [];
  let sorted = true;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    const ts = r.timestamp as unknown;
    if (!(ts instanceof Date)) continue;
    const tMs = ts.getTime();
    if (Number.isNaN(tMs)) continue;
    const s: RawSample = { tMs };
    const hr = r.heartRate as unknown;
    if (typeof hr === 'number' && hr > 0 && hr !== Number.POSITIVE_INFINITY) s.hrBpm = hr;
    const power = num(r.power);
    if (power !== undefined) s.powerW = power;
    const alt = num(r.enhancedAltitude) ?? num(r.altitude);
    if (alt !== undefined) s.altitudeM = alt;
    const dist = num(r.distance);
    if (dist !== undefined) s.distanceM = dist;
    const lat = r.positionLat as unknown;
    if (typeof lat === 'number') {
      const lon = num(r.positionLong);
      if (Number.isFinite(lat) && lon !== undefined) {
        s.lat = lat * SEMICIRCLE_DEG;
        s.lon = lon * SEMICIRCLE_DEG;
      }
    }
    if (tMs < lastMs) sorted = false;
    lastMs = tMs;
    out.push(s);
  }
  if (!sorted) out.sort((a, b) => a.tMs - b.tMs);
  return out;
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

/** The samples of [fromMs, toMs] (sorted input: a slice, or the array itself when all are inside). */
function samplesWithin(samples: RawSample[], fromMs: number, toMs: number | undefined): RawSample[] {
  let from = 0;
  while (from < samples.length && (samples[from] as RawSample).tMs < fromMs) from++;
  let to = samples.length;
  if (toMs !== undefined) while (to > from && (samples[to - 1] as RawSample).tMs > toMs) to--;
  return from === 0 && to === samples.length ? samples : samples.slice(from, to);
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

/** What a FIT file that is not an activity holds, in a runner's words (the FIT file types). */
function fitFileKind(type: unknown): string {
  if (typeof type !== 'string') return 'an unknown kind';
  if (type.startsWith('monitoring')) return 'all-day monitoring (steps, heart rate)';
  const words: Record<string, string> = { workout: 'a planned workout', course: 'a course', settings: 'device settings', sport: 'sport settings', device: 'device data', totals: 'totals', goals: 'goals', schedules: 'schedules', weight: 'weight readings', bloodPressure: 'blood pressure readings', segment: 'a segment', activitySummary: 'an activity summary' };
  return words[type] ?? `type "${type}"`;
}

/** Decode one FIT file into its activities; throws FileImportError for anything unusable. */
export function parseFit(file: string, bytes: Uint8Array): RawActivity[] {
  checkHeader(file, bytes);
  if (!new Decoder(Stream.fromByteArray(bytes)).checkIntegrity()) throw new FileImportError(file, 'bad_crc', 'fails its FIT checksum (CRC): the file is damaged');
  const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read({ includeUnknownData: false, decodeMemoGlobs: false });
  const firstError = errors[0];
  if (firstError) throw new FileImportError(file, 'corrupt', `is a damaged FIT file: it cannot be read (the decoder says: ${firstError.message})`, { cause: firstError });
  const type = messages.fileIdMesgs?.[0]?.type;
  if (type !== 'activity') throw new FileImportError(file, 'no_activity', `is a FIT file of ${fitFileKind(type)}, not an activity`);

  const samples = toSamples(messages.recordMesgs ?? []);
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
