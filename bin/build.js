#!/usr/bin/env node
// `npm run build` (and `prepare`, which `npm ci` runs): bundle the TypeScript sources into
// dist/hardday.js with esbuild (installed with tsx), so `npm start` is one plain Node process
// with no TypeScript compiler loaded.
// The migrations are copied next to the bundle: dist/ is one consistent snapshot of the sources,
// and bin/hardday.js falls back to the sources whenever any of them is newer than dist/.
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `node bin/build.js <dir>` builds elsewhere (the tests do); the bundle finds its packages in
// the node_modules of any folder above it, so <dir> should sit inside the checkout.
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
const tmp = `${dist}.tmp`;

let esbuild;
try {
  // tsx's own esbuild (a dependency, so installed without dev dependencies too), not whichever
  // version some dev tool hoisted into node_modules/.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  esbuild = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
} catch {
  // Without esbuild (e.g. `npm ci --omit=dev` on a platform it has no binary for) hardday still
  // runs, through tsx, from the sources: say so instead of failing the install.
  console.warn('hardday: esbuild is not available, so no build; `npm start` will run from the sources (slower start, more memory)');
  process.exit(0);
}

rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
await esbuild.build({
  entryPoints: [join(root, 'src/entries/node.ts')],
  outdir: tmp,
  entryNames: 'hardday',
  // `serve` loads only what the server needs; the command-line parser and the file commands
  // are chunks imported on demand (src/platform/node/main.ts).
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Packages are bundled too: resolving and reading hundreds of small files from node_modules
  // was most of the start-up time. better-sqlite3 is native and stays external.
  external: ['better-sqlite3'],
  // some bundled packages are CommonJS and call require() for Node built-ins
  banner: { js: "import { createRequire as __hardday_createRequire } from 'node:module'; const require = __hardday_createRequire(import.meta.url);" },
  // Parsing is most of what is left of the start-up: a minified bundle parses in about half the
  // time. Stack traces map back to the sources with NODE_OPTIONS=--enable-source-maps.
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
cpSync(join(root, 'src/db/migrations'), join(tmp, 'migrations'), { recursive: true });
// The build time is the bundle's mtime; this file only tells a reader where dist/ came from.
writeFileSync(join(tmp, 'README'), 'Built by bin/build.js from src/ (npm run build). Not committed; safe to delete.\n');
// Swap in by rename, so a crash mid-build never leaves a half-written dist/ that looks fresh.
rmSync(dist, { recursive: true, force: true });
renameSync(tmp, dist);
