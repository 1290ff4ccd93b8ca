/**
 * @module integrations/files/gzip
 * Bounded gunzip: the declared size (ISIZE trailer) is checked before inflating, and the output
 * is counted chunk by chunk, so a gzip bomb stops at the limit instead of filling memory.
 */
import { Gunzip } from 'fflate';
import { FileImportError } from './errors';
import { type Budget, RATIO_CHECK_MIN_BYTES } from './limits';

/** input per push: one push can inflate to ~1000× its size, so this bounds a single output chunk to ~16 MiB */
const CHUNK = 16 * 1024;

export function looksLikeGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Collects inflated chunks and enforces the per-file, total and ratio limits. */
export class BoundedSink {
  readonly chunks: Uint8Array[] = [];
  size = 0;
  constructor(
    private readonly file: string,
    private readonly budget: Budget,
    private readonly compressedSize: number | undefined,
  ) {}

  /** Count a chunk; throws FileImportError past a limit. */
  add(chunk: Uint8Array): void {
    const { limits } = this.budget;
    this.size += chunk.length;
    this.budget.totalBytes += chunk.length;
    if (this.size > limits.maxFileBytes) {
      throw new FileImportError(this.file, 'too_large', `decompresses to more than ${limits.maxFileBytes} bytes (the per-file limit)`);
    }
    if (this.compressedSize !== undefined && this.compressedSize > 0 && this.size > RATIO_CHECK_MIN_BYTES && this.size / this.compressedSize > limits.maxCompressionRatio) {
      throw new FileImportError(this.file, 'zip_bomb', `expands more than ${limits.maxCompressionRatio}× (${this.compressedSize} compressed bytes); refused as a decompression bomb`);
    }
    if (this.budget.totalBytes > limits.maxTotalBytes) {
      throw new FileImportError(this.file, 'too_large', `pushes the batch past ${limits.maxTotalBytes} decompressed bytes (the total limit)`);
    }
    this.chunks.push(chunk);
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Inflate a gzip file within the budget. */
export function gunzipBounded(file: string, bytes: Uint8Array, budget: Budget): Uint8Array {
  if (!looksLikeGzip(bytes) || bytes.length < 18) throw new FileImportError(file, 'wrong_type', 'is not a gzip file');
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
  if (declared > budget.limits.maxFileBytes) {
    throw new FileImportError(file, 'too_large', `claims ${declared} bytes uncompressed, over the per-file limit of ${budget.limits.maxFileBytes}`);
  }
  const sink = new BoundedSink(file, budget, bytes.length);
  let failure: unknown;
  let done = false;
  const gunzip = new Gunzip((chunk, final) => {
    if (failure) return;
    try {
      sink.add(chunk);
    } catch (error) {
      failure = error;
    }
    if (final) done = true;
  });
  try {
    for (let at = 0; at < bytes.length && !failure; at += CHUNK) {
      gunzip.push(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)), at + CHUNK >= bytes.length);
    }
  } catch (error) {
    throw new FileImportError(file, 'bad_archive', `is a damaged gzip file (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (failure) throw failure;
  if (!done) throw new FileImportError(file, 'truncated', 'is a truncated gzip file');
  return sink.bytes();
}
