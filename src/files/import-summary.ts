/**
 * @module files/import-summary
 * A batch of activity files → activities ready to store, plus what was skipped and why; and the
 * summary `hardday import` prints and `POST /api/me/uploads` answers:
 * `{ imported, duplicates, skipped: [{ file, reason }] }`.
 */
import { type FileErrorReason, type FileInput, type ParseOptions, parseInputs } from '../../integrations/files';
import type { NewActivity } from '../core/activity';

export interface SkippedFile {
  file: string;
  reason: string;
  /** machine code of the reason (FileErrorReason) */
  code: FileErrorReason;
}

/** One skipped file as a line for a person: its reason, which normally already starts with the file's name. */
export function skippedLine(s: { file: string; reason: string }): string {
  return s.reason.startsWith(`${s.file}: `) ? s.reason : `${s.file}: ${s.reason}`;
}

export interface ImportSummary {
  imported: number;
  duplicates: number;
  skipped: Array<{ file: string; reason: string }>;
}

export interface ParsedImport {
  /** unique by `externalId` (the content hash) */
  activities: NewActivity[];
  /** activities seen twice in this batch (the same file twice, `.fit` and `.fit.gz`…) */
  duplicates: number;
  skipped: SkippedFile[];
}

export interface ImportBatchOptions extends ParseOptions {
  /** called after each top-level input has been handled */
  onInputDone?: (file: string) => void;
}

/** Pass the inputs on, calling `onDone` with each one's name once the consumer has moved past it. */
export async function* reporting(inputs: Iterable<FileInput> | AsyncIterable<FileInput>, onDone: ((file: string) => void) | undefined): AsyncGenerator<FileInput> {
  let previous: string | undefined;
  for await (const input of inputs) {
    if (previous !== undefined) onDone?.(previous);
    previous = input.name;
    yield input;
  }
  if (previous !== undefined) onDone?.(previous);
}

/** Parse every input; bad files land in `skipped`, the rest of the batch still imports. */
export async function parseImportBatch(inputs: Iterable<FileInput> | AsyncIterable<FileInput>, options: ImportBatchOptions = {}): Promise<ParsedImport> {
  const out: ParsedImport = { activities: [], duplicates: 0, skipped: [] };
  const ids = new Set<string>();
  for await (const item of parseInputs(reporting(inputs, options.onInputDone), options)) {
    if (item.kind === 'skipped') {
      out.skipped.push({ file: item.file, reason: item.reason, code: item.code });
    } else if (ids.has(item.activity.externalId)) {
      out.duplicates++;
    } else {
      ids.add(item.activity.externalId);
      out.activities.push(item.activity);
    }
  }
  return out;
}

/**
 * The summary once the activities have been stored: `stored` is how many were new, `alreadyStored`
 * how many the database had already (same provider and externalId).
 */
export function importSummary(parsed: ParsedImport, stored: { imported: number; alreadyStored: number }): ImportSummary {
  return {
    imported: stored.imported,
    duplicates: parsed.duplicates + stored.alreadyStored,
    skipped: parsed.skipped.map(({ file, reason }) => ({ file, reason })),
  };
}
