/**
 * @module integrations/files/zip
 * Streaming zip reader over fflate's `Unzip`: the archive is pushed in chunks and only entries
 * the caller wants are inflated, each into a `BoundedSink`; finished entries are handed out
 * between chunks, so at most one chunk's worth of entries is held at a time. Entry names that
 * leave the archive's folder are reported, never opened.
 */
import { Unzip, type UnzipFile, UnzipInflate } from 'fflate';
import { FileImportError } from './errors';
import { BoundedSink } from './gzip';
import type { Budget } from './limits';

/** input per push: one push can inflate to ~1000× its size, so this bounds a single output chunk to ~16 MiB */
const CHUNK = 16 * 1024;

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

/** True when an entry name escapes the archive root (absolute, drive letter, `..`, NUL). */
export function isUnsafeEntryName(name: string): boolean {
  if (name.includes('\0')) return true;
  const normal = name.replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[A-Za-z]:/.test(normal)) return true;
  return normal.split('/').some((part) => part === '..');
}

export type ZipItem = { kind: 'entry'; name: string; path: string; bytes: Uint8Array } | { kind: 'error'; error: FileImportError };

interface ZipPusher {
  /** feed the next bytes of the archive; `final` on the last ones */
  push(chunk: Uint8Array, final: boolean): void;
  /** items ready since the last call; throws once the archive itself proved unusable */
  take(): ZipItem[];
}

function zipPusher(archive: string, budget: Budget, want: (name: string) => boolean): ZipPusher {
  let queue: ZipItem[] = [];
  let entries = 0;
  let fatal: FileImportError | undefined;
  let seen = 0;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (entry: UnzipFile) => {
    if (fatal) return;
    entries++;
    if (entries > budget.limits.maxArchiveEntries) {
      fatal = new FileImportError(archive, 'too_many_files', `has more than ${budget.limits.maxArchiveEntries} entries`);
      return;
    }
    const path = `${archive}/${entry.name}`;
    if (entry.name.endsWith('/')) return;
    if (isUnsafeEntryName(entry.name)) {
      queue.push({ kind: 'error', error: new FileImportError(path, 'path_traversal', 'is an archive entry whose path leaves the archive folder; not extracted') });
      return;
    }
    if (!want(entry.name)) return;
    if (entry.originalSize !== undefined && entry.originalSize > budget.limits.maxFileBytes) {
      queue.push({ kind: 'error', error: new FileImportError(path, 'too_large', `claims ${entry.originalSize} bytes uncompressed, over the per-file limit of ${budget.limits.maxFileBytes}`) });
      return;
    }
    const sink = new BoundedSink(path, budget, entry.size);
    let failed = false;
    entry.ondata = (err, chunk, final) => {
      if (failed) return;
      if (err) {
        failed = true;
        queue.push({ kind: 'error', error: new FileImportError(path, 'bad_archive', `does not inflate (${err.message})`, { cause: err }) });
        return;
      }
      try {
        sink.add(chunk);
      } catch (error) {
        failed = true;
        entry.terminate();
        queue.push({ kind: 'error', error: error instanceof FileImportError ? error : new FileImportError(path, 'bad_archive', String(error)) });
        return;
      }
      if (final) queue.push({ kind: 'entry', name: entry.name, path, bytes: sink.bytes() });
    };
    entry.start();
  };
  return {
    push(chunk, final) {
      if (seen === 0 && chunk.length >= 4 && !looksLikeZip(chunk)) fatal ??= new FileImportError(archive, 'wrong_type', 'is not a zip archive');
      seen += chunk.length;
      if (fatal) return;
      // one push can inflate to ~1000× its size: feed at most CHUNK bytes at a time
      for (let at = 0; at < chunk.length || (final && at === 0); at += CHUNK) {
        const end = Math.min(chunk.length, at + CHUNK);
        try {
          unzip.push(chunk.subarray(at, end), final && end >= chunk.length);
        } catch (error) {
          fatal = new FileImportError(archive, 'bad_archive', `is a damaged zip archive (${error instanceof Error ? error.message : String(error)})`, { cause: error });
          return;
        }
        if (fatal) return;
        if (chunk.length === 0) break;
      }
    },
    take() {
      const out = queue;
      queue = [];
      if (out.length === 0 && fatal) throw fatal;
      return out;
    },
  };
}

/**
 * Walk `archive`'s entries; `want(name)` picks the ones to inflate. Yields inflated entries
 * (path = `archive/entry`) and per-entry errors; throws only when the archive itself is unusable.
 */
export function* readZip(archive: string, bytes: Uint8Array, budget: Budget, want: (name: string) => boolean): Generator<ZipItem> {
  if (!looksLikeZip(bytes)) throw new FileImportError(archive, 'wrong_type', 'is not a zip archive');
  const zip = zipPusher(archive, budget, want);
  for (let at = 0; at < bytes.length; at += CHUNK) {
    zip.push(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)), at + CHUNK >= bytes.length);
    yield* zip.take();
  }
  yield* zip.take();
}

/**
 * `readZip` over an archive arriving in chunks (a file read from disk, an upload): the archive is
 * never held whole; only the wanted entries are, one chunk's worth at a time.
 */
export async function* readZipStream(archive: string, chunks: AsyncIterable<Uint8Array>, budget: Budget, want: (name: string) => boolean): AsyncGenerator<ZipItem> {
  const zip = zipPusher(archive, budget, want);
  let empty = true;
  let pending: Uint8Array | undefined;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    if (pending) {
      zip.push(pending, false);
      yield* zip.take();
    }
    pending = chunk;
    empty = false;
  }
  if (empty) throw new FileImportError(archive, 'wrong_type', 'is not a zip archive (empty)');
  zip.push(pending ?? new Uint8Array(0), true);
  yield* zip.take();
  yield* zip.take();
}
