/**
 * The optional `.env` file in the working directory: `NAME=value` lines (Node's own parser, the
 * one behind `node --env-file`). Variables set in the real environment win over the file, so
 * `PORT=9000 npm start` still overrides a `PORT` in `.env`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as util from 'node:util';

export interface EnvFileResult {
  env: Record<string, string | undefined>;
  /** the file read, if any */
  file?: string;
  /** a line to show the user, when the file exists but could not be used */
  problem?: string;
}

export function withEnvFile(env: Record<string, string | undefined>, cwd: string): EnvFileResult {
  const file = join(cwd, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { env };
    return { env, problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  // util.parseEnv arrived in Node 20.12; older Node still runs hardday, without the file.
  const parseEnv = (util as { parseEnv?: (content: string) => Record<string, string> }).parseEnv;
  if (!parseEnv) return { env, problem: `${file} is ignored: reading it needs Node.js 20.12 or newer (this is ${process.version})` };
  const fromFile = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return { env: merged, file };
}
