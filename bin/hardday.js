#!/usr/bin/env node
// The `hardday` command (and `npm start`). Runs dist/hardday.js, the bundle `npm ci` builds
// (the `prepare` script), in this one process. When there is no build, or any source file is
// newer than it (a `git pull` without `npm ci`, an edit), it runs the TypeScript sources through
// tsx instead, in this same process, and says so: a stale build never runs silently.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'hardday.js');
const SOURCE_DIRS = ['src', 'rules', 'integrations'];

/** The newest source file or folder (a deleted file changes its folder's mtime), or undefined. */
function newestSource() {
  let newest;
  for (const top of SOURCE_DIRS) {
    const base = join(root, top);
    if (!existsSync(base)) continue;
    for (const entry of ['.', ...readdirSync(base, { recursive: true })]) {
      const path = join(base, String(entry));
      const mtimeMs = statSync(path).mtimeMs;
      if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}

function staleReason() {
  if (!existsSync(bundle)) return 'no build in dist/';
  const newest = newestSource();
  if (newest && newest.mtimeMs > statSync(bundle).mtimeMs) {
    return `${newest.path.slice(root.length)} is newer than the build in dist/`;
  }
  return undefined;
}

const reason = process.env.HARDDAY_FROM_SOURCE === '1' ? 'HARDDAY_FROM_SOURCE=1' : staleReason();
if (reason === undefined) {
  await import(pathToFileURL(bundle).href);
} else {
  if (!process.env.HARDDAY_FROM_SOURCE) {
    process.stderr.write(`hardday: running from the TypeScript sources (${reason}); \`npm run build\` makes start-up faster\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'entries', 'node.ts')).href);
}
