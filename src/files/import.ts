/**
 * @module files/import
 * Store a batch of activity files for one runner: parse each input (bad ones are skipped with the
 * reason, the rest still import), store every activity through the activities repository (the
 * same run already stored from Strava, Garmin or an earlier import counts as a duplicate and
 * only adds its origin), and ask for a replan as a synced run does. Streams: one input at a time.
 */
import { type FileInput, type ParseOptions, parseInputs } from '../../integrations/files';
import { upsertActivity } from '../db/repositories/activities';
import type { AppDeps } from '../deps';
import { requestReplan } from '../planning/request';
import { type ImportSummary, reporting } from './import-summary';

export interface ImportOptions extends ParseOptions {
  /** called after each top-level input has been handled */
  onInputDone?: (file: string) => void;
}

/**
 * Ask for the next input as soon as the current one is handed on, so reading the next file from
 * disk overlaps decoding and storing this one. Holds at most one input ahead, and never reads past
 * a streamed input (an archive, an upload part): its source must be consumed before the next.
 */
export async function* readAhead(inputs: Iterable<FileInput> | AsyncIterable<FileInput>): AsyncGenerator<FileInput> {
  const it = Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : (inputs as Iterable<FileInput>)[Symbol.iterator]();
  let next: Promise<IteratorResult<FileInput>> | undefined = Promise.resolve(it.next());
  while (true) {
    const result: IteratorResult<FileInput> = await (next ?? it.next());
    if (result.done) return;
    next = undefined;
    if (!result.value.chunks) {
      next = Promise.resolve(it.next());
      // a failed read surfaces when it is awaited, not as an unhandled rejection meanwhile
      next.catch(() => undefined);
    }
    yield result.value;
  }
}

export async function importActivityFiles(
  deps: Pick<AppDeps, 'db' | 'clock' | 'jobs'>,
  userId: string,
  inputs: Iterable<FileInput> | AsyncIterable<FileInput>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, duplicates: 0, skipped: [] };
  const seen = new Set<string>();
  let changed = false;
  for await (const item of parseInputs(reporting(readAhead(inputs), options.onInputDone), options)) {
    if (item.kind === 'skipped') {
      summary.skipped.push({ file: item.file, reason: item.reason });
      continue;
    }
    if (seen.has(item.activity.externalId)) {
      summary.duplicates++;
      continue;
    }
    seen.add(item.activity.externalId);
    const { outcome } = await upsertActivity(deps.db, userId, item.activity, deps.clock.now());
    if (outcome === 'created') summary.imported++;
    else summary.duplicates++;
    // a merge can make the stored run richer (heart rate from the file): replan then too
    if (outcome !== 'updated') changed = true;
  }
  // one batch the runner is waiting on, not a stream of webhooks: no debounce
  if (changed) await requestReplan(deps, userId, { delayMs: 0 });
  return summary;
}
