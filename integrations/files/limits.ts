/**
 * @module integrations/files/limits
 * Resource limits for one import batch. Every decompression and every archive walk checks them,
 * so a hostile upload costs at most these many bytes of memory and these many parses.
 */
export interface FileLimits {
  /** largest decompressed size of one activity file (bytes) */
  maxFileBytes: number;
  /** largest decompressed size of all files of one batch together (bytes) */
  maxTotalBytes: number;
  /** most activity files (after unpacking archives) in one batch */
  maxFiles: number;
  /** most entries looked at in one archive (including ones ignored) */
  maxArchiveEntries: number;
  /** deepest nesting of archives inside archives (a Garmin export holds zips in a zip) */
  maxArchiveDepth: number;
  /** highest decompressed/compressed ratio accepted for an entry larger than 1 MiB */
  maxCompressionRatio: number;
}

export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = {
  maxFileBytes: 64 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxFiles: 20_000,
  maxArchiveEntries: 100_000,
  maxArchiveDepth: 3,
  maxCompressionRatio: 200,
};

/** Below this size the ratio check does not apply (tiny files compress absurdly well). */
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

/** Mutable per-batch accounting shared by every decompressor of the batch. */
export class Budget {
  readonly limits: FileLimits;
  totalBytes = 0;
  files = 0;
  constructor(limits: Partial<FileLimits> = {}) {
    this.limits = { ...DEFAULT_FILE_LIMITS, ...limits };
  }
}
