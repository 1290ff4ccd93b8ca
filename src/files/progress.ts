/**
 * @module files/progress
 * A progress bar on stderr for long batches: shown only when there are more than
 * `PROGRESS_MIN_FILES` inputs and stderr is a terminal, so piped output and tests stay clean.
 */
import { Presets, SingleBar } from 'cli-progress';

export const PROGRESS_MIN_FILES = 20;

/** Where the commands write text; `isTTY` as on Node's process streams. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  tick(file: string): void;
  stop(): void;
}

const NONE: Progress = { tick() {}, stop() {} };

/** A cli-progress bar over `total` files, or a no-op when it would not help. */
export function progressFor(total: number, stderr: OutStream): Progress {
  if (total <= PROGRESS_MIN_FILES || stderr.isTTY !== true) return NONE;
  const bar = new SingleBar(
    { stream: stderr as unknown as NodeJS.WritableStream, format: 'reading files [{bar}] {value}/{total} {file}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(total, 0, { file: '' });
  let done = 0;
  return {
    tick(file) {
      done++;
      bar.update(done, { file: file.length > 40 ? `…${file.slice(-39)}` : file });
    },
    stop() {
      bar.stop();
    },
  };
}
