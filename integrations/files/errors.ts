/**
 * @module integrations/files/errors
 * One typed error for every reason a file cannot be imported. `reason` is the machine code the
 * import summary and tests branch on; the message always names the file and the problem.
 */
import { AppError } from '../../src/core/errors';

export const FILE_ERROR_REASONS = [
  /** extension or content is no format we read */
  'unsupported_type',
  /** the extension says one format, the bytes are another (or garbage) */
  'wrong_type',
  /** the file ends before the data its header announces */
  'truncated',
  /** FIT checksum mismatch */
  'bad_crc',
  /** the FIT decoder stopped on a malformed record */
  'corrupt',
  /** not well-formed XML */
  'invalid_xml',
  /** a DOCTYPE or ENTITY declaration (entity expansion is never processed) */
  'xml_entities',
  /** decodes, but holds no activity we can import (monitoring file, empty track) */
  'no_activity',
  /** over the per-file or total decompressed size limit */
  'too_large',
  /** compression ratio beyond the limit */
  'zip_bomb',
  /** an archive entry that escapes its folder (`..`, absolute path, drive letter) */
  'path_traversal',
  /** over the limit on files in one batch or archives nested in archives */
  'too_many_files',
  /** a gzip or zip container that does not decompress */
  'bad_archive',
  /** a Strava export's activities.csv names a file that is not in the archive */
  'missing_file',
] as const;
export type FileErrorReason = (typeof FILE_ERROR_REASONS)[number];

const TOO_LARGE: ReadonlySet<FileErrorReason> = new Set(['too_large', 'zip_bomb', 'too_many_files']);

export class FileImportError extends AppError {
  override readonly name = 'FileImportError';
  readonly reason: FileErrorReason;
  /** the file (archive entries as `archive.zip/inner/path.fit`) */
  readonly file: string;
  constructor(file: string, reason: FileErrorReason, problem: string, options?: { cause?: unknown }) {
    super(TOO_LARGE.has(reason) ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', `${file}: ${problem}`, { cause: options?.cause, details: { file, reason } });
    this.reason = reason;
    this.file = file;
  }
}

export function isFileImportError(error: unknown, ...reasons: FileErrorReason[]): error is FileImportError {
  return error instanceof FileImportError && (reasons.length === 0 || reasons.includes(error.reason));
}

/** Any thrown value as a FileImportError about `file` (unexpected failures become `corrupt`). */
export function asFileError(file: string, error: unknown): FileImportError {
  if (error instanceof FileImportError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new FileImportError(file, 'corrupt', `could not be read (${detail})`, { cause: error });
}
