/**
 * Copy the web app's static files (package files and src/pages/static) into the Worker's `[assets]` directory.
 * Run by `npm run cf:assets` (before `wrangler dev`/`deploy`) and by vitest.config.ts before the
 * Workers test project starts.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_FILES } from '../../../src/core/ports/assets';
import { ASSETS_DIR, ASSETS_PREFIX } from '../../../src/platform/workers/assets-manifest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export function buildAssets(): string {
  const dir = join(root, ASSETS_DIR, ASSETS_PREFIX);
  mkdirSync(dir, { recursive: true });
  for (const [name, { from }] of Object.entries(ASSET_FILES)) copyFileSync(join(root, from), join(dir, name));
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`assets copied to ${buildAssets()}`);
}
