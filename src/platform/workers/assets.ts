/**
 * @module platform/workers/assets
 * The web app's static files (scripts, styles) on Workers come from the `[assets]` binding.
 * This adapter gives them the shape of the web capability's `AssetSource` port
 * (`get(path) → { body, type } | undefined`, served under `/assets/...`); when that port lands,
 * the entry passes `workersAssetSource(env.ASSETS)` where the Node runtime passes its file reader.
 */
import { ASSETS_PREFIX } from './assets-manifest';
import type { AssetsFetcher } from './bindings';

export interface WorkerAsset {
  body: ReadableStream<Uint8Array> | Uint8Array | string;
  type: string;
}

export interface WorkerAssetSource {
  get(path: string): Promise<WorkerAsset | undefined>;
}

export function workersAssetSource(assets: AssetsFetcher | undefined): WorkerAssetSource {
  return {
    async get(path) {
      // Only plain relative file names: the binding would resolve `..` itself, but a request for
      // one is a bug or a probe either way.
      if (!assets || path.includes('..') || path.startsWith('/')) return undefined;
      const response = await assets.fetch(`https://assets.local/${ASSETS_PREFIX}/${path}`);
      if (!response.ok || !response.body) return undefined;
      return { body: response.body, type: response.headers.get('content-type') ?? 'application/octet-stream' };
    },
  };
}
