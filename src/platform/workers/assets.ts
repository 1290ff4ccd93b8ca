/**
 * @module platform/workers/assets
 * The web app's static files (scripts, styles) on Workers come from the `[assets]` binding.
 * Cloudflare answers `/assets/*` at the edge; a request that still reaches the Worker is served
 * through the same `AssetSource` port the Node runtime fills from files.
 */
import type { AssetSource } from '../../core/ports/assets';
import { ASSETS_PREFIX } from './assets-manifest';
import type { AssetsFetcher } from './bindings';

/** The web app's `AssetSource` port over the ASSETS binding (for `/assets/...` requests that reach the Worker). */
export function workersAssetSource(assets: AssetsFetcher | undefined): AssetSource {
  return {
    async get(path) {
      // Only plain relative file names: the binding would resolve `..` itself, but a request for
      // one is a bug or a probe either way.
      if (!assets || path.includes('..') || path.startsWith('/')) return undefined;
      const response = await assets.fetch(`https://assets.local/${ASSETS_PREFIX}/${path}`);
      if (!response.ok) return undefined;
      return { body: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('content-type') ?? 'application/octet-stream' };
    },
  };
}
