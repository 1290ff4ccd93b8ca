/** The Node `AssetSource`: every static file read once at start from the package folder. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Asset, ASSET_FILES, type AssetSource } from '../../core/ports/assets';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export function nodeAssetSource(root = ROOT): AssetSource {
  const files = new Map<string, Asset>();
  for (const [name, { from, type }] of Object.entries(ASSET_FILES)) {
    files.set(name, { body: new Uint8Array(readFileSync(join(root, from))), type });
  }
  return { get: (path) => files.get(path) };
}
