/** The Node `AssetSource`: every static file read once at start from the package folder. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Asset, ASSET_FILES, type AssetSource } from '../../core/ports/assets';

/** The package folder, from the sources (src/platform/node) or from the bundle (dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = packageRoot();

export function nodeAssetSource(root = ROOT): AssetSource {
  const files = new Map<string, Asset>();
  for (const [name, { from, type }] of Object.entries(ASSET_FILES)) {
    files.set(name, { body: new Uint8Array(readFileSync(join(root, from))), type });
  }
  return { get: (path) => files.get(path) };
}
