/**
 * @module platform/node/files-input
 * Node side of the file commands: turn command-line paths (files, folders, archives) into
 * `FileInput`s, read one at a time so a big folder is never all in memory; write output files.
 * Folders are walked recursively for activity files and archives (other files are ignored;
 * symlinked folders are not followed). Explicitly named files are always passed on, so a wrong
 * one is reported by the parser rather than silently dropped.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_FILE_LIMITS, type FileInput, kindFromName } from '../../../integrations/files';
import type { InputSource, PlanIo } from '../../files/plan-command';
import { validation } from '../../core/errors';

async function walk(dir: string, out: string[], limit: number): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (out.length >= limit) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out, limit);
    else if (entry.isFile() && kindFromName(entry.name) !== undefined) out.push(path);
  }
}

/** Every file the paths name, folders expanded, in a stable order. */
export async function listInputPaths(paths: readonly string[], limit = DEFAULT_FILE_LIMITS.maxFiles): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw validation(`no such file or folder: ${path}`);
      if (error.code === 'EACCES') throw validation(`not allowed to read ${path}`);
      throw error;
    });
    if (info.isDirectory()) await walk(path, out, limit);
    else out.push(path);
  }
  return out;
}

/** Read the inputs lazily (a .zip as a stream). A file larger than the batch's total limit is passed on empty, marked oversize. */
export async function readInputs(paths: readonly string[], maxBytes = DEFAULT_FILE_LIMITS.maxTotalBytes): Promise<InputSource> {
  const files = await listInputPaths(paths);
  async function* read(): AsyncGenerator<FileInput> {
    for (const file of files) {
      const size = (await stat(file)).size;
      if (size > maxBytes) yield { name: file, bytes: new Uint8Array(0), oversizeBytes: size };
      // archives are walked as they are read from disk, never held whole
      else if (kindFromName(file) === 'zip') yield { name: file, bytes: new Uint8Array(0), chunks: createReadStream(file, { highWaterMark: 256 * 1024 }) };
      else yield { name: file, bytes: new Uint8Array(await readFile(file)) };
    }
  }
  return Object.assign(read(), { count: files.length });
}

export async function writeOutputFile(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

/** The real process's streams, disk and clock. */
export function nodePlanIo(): PlanIo {
  return { stdout: process.stdout, stderr: process.stderr, readInputs: (paths) => readInputs(paths), writeFile: writeOutputFile };
}
