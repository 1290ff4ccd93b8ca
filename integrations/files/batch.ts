/**
 * @module integrations/files/batch
 * One batch of uploaded or local files → activities and skipped files. Each input is handled
 * on its own: a bad file (or a bad entry of an archive) becomes a `skipped` item naming the file
 * and the problem, and the rest of the batch carries on. Gzip and zip are unpacked in memory
 * within the limits of one `Budget`; nothing is written anywhere.
 */
import type { NewActivity } from '../../src/core/activity';
import { asFileError, type FileErrorReason, FileImportError, isFileImportError } from './errors';
import { parseFit } from './fit';
import { gunzipBounded } from './gzip';
import { parseGpx } from './gpx';
import { sha256Hex } from './hash';
import { Budget, type FileLimits } from './limits';
import { describeKind, type Kind, kindFromBytes, kindFromName, stripGz } from './sniff';
import { exportKey, isStravaCsvName, parseStravaActivitiesCsv, type StravaExportRow } from './strava-export';
import { parseTcx } from './tcx';
import { mapFileSport, RUN_SPORTS, toNewActivity } from './transform';
import type { FileInput, RawActivity } from './wire';
import { readZip, readZipStream } from './zip';

export interface ParseOptions {
  /** IANA zone for files that record no local offset (GPX, TCX); default UTC */
  defaultTimeZone?: string;
  /** HRmax for time in heart-rate zones */
  hrMaxBpm?: number;
  limits?: Partial<FileLimits>;
}

export type BatchItem =
  | { kind: 'activity'; file: string; activity: NewActivity }
  | { kind: 'skipped'; file: string; code: FileErrorReason; reason: string };

interface Hint {
  name?: string;
  sport?: string;
}

interface Ctx {
  budget: Budget;
  options: ParseOptions;
  depth: number;
  stopped: boolean;
}

function skipped(error: FileImportError): BatchItem {
  return { kind: 'skipped', file: error.file, code: error.reason, reason: error.message };
}

const ACTIVITY_KINDS: ReadonlySet<Kind> = new Set(['fit', 'gpx', 'tcx']);

/** Entries of an archive worth opening: activity files, their gzips, nested zips. */
function wantedEntry(name: string): boolean {
  // macOS resource forks (`__MACOSX/`, `._name.fit`) carry the extension but no activity
  if (/(^|\/)(__MACOSX\/|\._)/.test(name)) return false;
  const kind = kindFromName(name);
  if (kind === 'gzip') {
    const inner = kindFromName(stripGz(name));
    return inner !== undefined && inner !== 'gzip' && inner !== 'zip';
  }
  return kind !== undefined;
}

function startsLikeMarkup(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x3c) return true;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf) return false;
  }
  return false;
}

/** Which parser to run: the extension's, when the bytes agree. */
function decideKind(label: string, name: string, bytes: Uint8Array): Kind {
  const claimed = kindFromName(name);
  const actual = kindFromBytes(bytes);
  if (claimed === undefined) {
    if (actual === undefined) throw new FileImportError(label, 'unsupported_type', `is ${describeKind(actual, bytes)} (expected .fit, .gpx, .tcx, their .gz, or a .zip export)`);
    return actual;
  }
  if (claimed === actual) return claimed;
  // XML the sniffer cannot place (a DOCTYPE first, malformed) goes to the XML parser for a precise error
  if ((claimed === 'gpx' || claimed === 'tcx') && actual === undefined && startsLikeMarkup(bytes)) return claimed;
  throw new FileImportError(label, 'wrong_type', `has a .${claimed === 'gzip' ? 'gz' : claimed} name but is ${describeKind(actual, bytes)}`);
}

function parseActivityFile(kind: Kind, label: string, bytes: Uint8Array): RawActivity[] {
  if (kind === 'fit') return parseFit(label, bytes);
  if (kind === 'gpx') return parseGpx(label, bytes);
  return parseTcx(label, bytes);
}

async function* activitiesOf(kind: Kind, label: string, bytes: Uint8Array, ctx: Ctx, hint: Hint): AsyncGenerator<BatchItem> {
  const { budget } = ctx;
  budget.files++;
  if (budget.files > budget.limits.maxFiles) {
    ctx.stopped = true;
    throw new FileImportError(label, 'too_many_files', `is past the limit of ${budget.limits.maxFiles} activity files per batch; it and every later file were not read`);
  }
  // WebCrypto hashes off the main thread: start it first, so it runs while the file is decoded
  const hashing = sha256Hex(bytes);
  const raws = parseActivityFile(kind, label, bytes);
  const hash = await hashing;
  const mapped = raws.map((raw) =>
    toNewActivity(raw, {
      file: label,
      externalId: raw.multi ? `${hash}-${raw.index}` : hash,
      ...(ctx.options.defaultTimeZone ? { defaultTimeZone: ctx.options.defaultTimeZone } : {}),
      ...(ctx.options.hrMaxBpm ? { hrMaxBpm: ctx.options.hrMaxBpm } : {}),
      ...(hint.name ? { name: hint.name } : {}),
      ...(hint.sport ? { sport: hint.sport } : {}),
    }),
  );
  for (const activity of mapped) yield { kind: 'activity', file: label, activity };
}

function readStravaCsv(label: string, bytes: Uint8Array, budget: Budget): StravaExportRow[] | undefined {
  for (const item of readZip(label, bytes, budget, isStravaCsvName)) {
    if (item.kind === 'entry') return parseStravaActivitiesCsv(new TextDecoder('utf-8').decode(item.bytes));
  }
  return undefined;
}

async function* archiveItems(label: string, bytes: Uint8Array, ctx: Ctx): AsyncGenerator<BatchItem> {
  if (ctx.depth >= ctx.budget.limits.maxArchiveDepth) {
    throw new FileImportError(label, 'too_many_files', `is an archive nested deeper than ${ctx.budget.limits.maxArchiveDepth} levels`);
  }
  const rows = ctx.depth === 0 ? readStravaCsv(label, bytes, ctx.budget) : undefined;
  const byFile = new Map<string, StravaExportRow>();
  for (const row of rows ?? []) if (row.filename) byFile.set(exportKey(row.filename), row);
  const seen = new Set<string>();
  const inner: Ctx = { ...ctx, depth: ctx.depth + 1 };
  for (const item of readZip(label, bytes, ctx.budget, wantedEntry)) {
    if (ctx.stopped || inner.stopped) {
      ctx.stopped = true;
      return;
    }
    if (item.kind === 'error') {
      yield skipped(item.error);
      continue;
    }
    const key = exportKey(item.name);
    const row = byFile.get(key);
    if (row) seen.add(key);
    const hint: Hint = row ? { ...(row.name ? { name: row.name } : {}), ...(row.type ? { sport: row.type } : {}) } : {};
    yield* guarded(item.path, item.name, item.bytes, inner, hint);
  }
  for (const row of rows ?? []) {
    const where = `${label}/activities.csv (activity ${row.activityId})`;
    if (!row.filename) yield skipped(new FileImportError(where, 'no_activity', 'is a manual entry with no recording in the export'));
    else if (!seen.has(exportKey(row.filename))) yield skipped(new FileImportError(where, 'missing_file', `names ${row.filename}, which is not in the archive`));
  }
}

async function* itemsOf(label: string, name: string, bytes: Uint8Array, ctx: Ctx, hint: Hint): AsyncGenerator<BatchItem> {
  const kind = decideKind(label, name, bytes);
  if (kind === 'gzip') {
    const inflated = gunzipBounded(label, bytes, ctx.budget);
    const innerName = stripGz(name);
    const innerKind = decideKind(label, kindFromName(innerName) ? innerName : `${innerName}.${kindFromBytes(inflated) ?? 'bin'}`, inflated);
    if (!ACTIVITY_KINDS.has(innerKind)) throw new FileImportError(label, 'unsupported_type', `holds ${describeKind(innerKind, inflated)}; only gzipped FIT, GPX or TCX files are read`);
    yield* activitiesOf(innerKind, label, inflated, ctx, hint);
    return;
  }
  if (kind === 'zip') {
    yield* archiveItems(label, bytes, ctx);
    return;
  }
  if (bytes.length > ctx.budget.limits.maxFileBytes) throw new FileImportError(label, 'too_large', `is ${bytes.length} bytes, over the per-file limit of ${ctx.budget.limits.maxFileBytes}`);
  yield* activitiesOf(kind, label, bytes, ctx, hint);
}

/** Items of one file; any failure becomes a `skipped` item for that file only. */
async function* guarded(label: string, name: string, bytes: Uint8Array, ctx: Ctx, hint: Hint): AsyncGenerator<BatchItem> {
  try {
    yield* itemsOf(label, name, bytes, ctx, hint);
  } catch (error) {
    yield skipped(asFileError(label, error));
  }
}

/** A name and sport from a Strava export's CSV, applied to an activity parsed before the CSV was read. */
function withHint(activity: NewActivity, hint: Hint): NewActivity {
  const sport = hint.sport !== undefined && mapFileSport(hint.sport) !== 'other' ? mapFileSport(hint.sport) : activity.sport;
  return { ...activity, ...(hint.name ? { name: hint.name } : {}), sport, workoutType: RUN_SPORTS.has(sport) ? (activity.workoutType ?? 'default') : null };
}

/** Collect a streamed non-archive file, within the per-file limit. */
async function collect(label: string, chunks: AsyncIterable<Uint8Array>, budget: Budget): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > budget.limits.maxFileBytes) {
      for await (const _ of chunks) size += 0; // drain: the source may be a request body
      throw new FileImportError(label, 'too_large', `is over the per-file limit of ${budget.limits.maxFileBytes} bytes`);
    }
    parts.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A top-level archive arriving in chunks. Entries are parsed as they inflate; activities in a
 * Strava export's `activities/` folder wait until the archive ends (its `activities.csv`, which
 * names them, may come last); any other entry's activities are handed on at once.
 */
async function* streamedArchiveItems(label: string, chunks: AsyncIterable<Uint8Array>, ctx: Ctx): AsyncGenerator<BatchItem> {
  const rows: StravaExportRow[] = [];
  const held: Array<{ key: string; item: BatchItem }> = [];
  const inner: Ctx = { ...ctx, depth: ctx.depth + 1 };
  for await (const item of readZipStream(label, chunks, ctx.budget, (name) => wantedEntry(name) || isStravaCsvName(name))) {
    if (ctx.stopped || inner.stopped) {
      ctx.stopped = true;
      break;
    }
    if (item.kind === 'error') {
      yield skipped(item.error);
      continue;
    }
    if (isStravaCsvName(item.name)) {
      rows.push(...parseStravaActivitiesCsv(new TextDecoder('utf-8').decode(item.bytes)));
      continue;
    }
    const key = exportKey(item.name);
    // Only files a Strava export's CSV can still name wait for it; the rest (a Garmin export) go on at once.
    const mayBeNamed = rows.length > 0 || /(^|\/)activities\//.test(item.name);
    for await (const parsed of guarded(item.path, item.name, item.bytes, inner, {})) {
      if (parsed.kind === 'skipped' || !mayBeNamed) yield parsed;
      else held.push({ key, item: parsed });
    }
  }
  const byFile = new Map<string, StravaExportRow>();
  for (const row of rows) if (row.filename) byFile.set(exportKey(row.filename), row);
  const seen = new Set<string>();
  for (const { key, item } of held) {
    const row = byFile.get(key);
    if (row) seen.add(key);
    yield row && item.kind === 'activity' ? { ...item, activity: withHint(item.activity, { ...(row.name ? { name: row.name } : {}), ...(row.type ? { sport: row.type } : {}) }) } : item;
  }
  for (const row of rows) {
    const where = `${label}/activities.csv (activity ${row.activityId})`;
    if (!row.filename) yield skipped(new FileImportError(where, 'no_activity', 'is a manual entry with no recording in the export'));
    else if (!seen.has(exportKey(row.filename))) yield skipped(new FileImportError(where, 'missing_file', `names ${row.filename}, which is not in the archive`));
  }
}

async function* streamedItems(input: FileInput & { chunks: AsyncIterable<Uint8Array> }, ctx: Ctx): AsyncGenerator<BatchItem> {
  try {
    if (kindFromName(input.name) === 'zip') {
      yield* streamedArchiveItems(input.name, input.chunks, ctx);
      return;
    }
    const bytes = await collect(input.name, input.chunks, ctx.budget);
    yield* guarded(input.name, input.name, bytes, ctx, {});
  } catch (error) {
    // a failing source (an upload over its limit, a broken request) ends the batch, not just this file
    if (!isFileImportError(error)) throw error;
    yield skipped(error);
  }
}

/** Parse every input in turn; yields activities and skipped files as they are found. */
export async function* parseInputs(inputs: Iterable<FileInput> | AsyncIterable<FileInput>, options: ParseOptions = {}): AsyncGenerator<BatchItem> {
  const ctx: Ctx = { budget: new Budget(options.limits), options, depth: 0, stopped: false };
  for await (const input of inputs) {
    if (ctx.stopped) {
      yield skipped(new FileImportError(input.name, 'too_many_files', 'was not read: the batch reached its file limit'));
      continue;
    }
    if (input.oversizeBytes !== undefined) {
      yield skipped(new FileImportError(input.name, 'too_large', `is ${input.oversizeBytes} bytes, over the batch limit of ${ctx.budget.limits.maxTotalBytes}; not read`));
      continue;
    }
    if (input.chunks) yield* streamedItems({ ...input, chunks: input.chunks }, ctx);
    else yield* guarded(input.name, input.name, input.bytes, ctx, {});
  }
}

export interface ParsedBatch {
  activities: Array<{ file: string; activity: NewActivity }>;
  skipped: Array<{ file: string; code: FileErrorReason; reason: string }>;
}

/** `parseInputs` collected into lists. */
export async function parseActivityFiles(inputs: Iterable<FileInput> | AsyncIterable<FileInput>, options: ParseOptions = {}): Promise<ParsedBatch> {
  const out: ParsedBatch = { activities: [], skipped: [] };
  for await (const item of parseInputs(inputs, options)) {
    if (item.kind === 'activity') out.activities.push({ file: item.file, activity: item.activity });
    else out.skipped.push({ file: item.file, code: item.code, reason: item.reason });
  }
  return out;
}
