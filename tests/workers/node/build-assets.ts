/**
 * Copy the web app's static files out of node_modules into the Worker's `[assets]` directory.
 * Run by `npm run cf:assets` (before `wrangler dev`/`deploy`) and by vitest.config.ts before the
 * Workers test project starts.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_FILES, ASSETS_DIR, ASSETS_PREFIX } from '../../../src/platform/workers/assets-manifest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export function buildAssets(): string {
  const require = createRequire(join(root, 'package.json'));
  const dir = join(root, ASSETS_DIR, ASSETS_PREFIX);
  mkdirSync(dir, { recursive: true });
  for (const file of ASSET_FILES) copyFileSync(require.resolve(file.from), join(dir, file.name));
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`assets copied to ${buildAssets()}`);
}
