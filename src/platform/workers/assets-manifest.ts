/**
 * Where the web app's static files (`ASSET_FILES` in src/core/ports/assets.ts) go for Workers:
 * `npm run cf:assets` copies them into `dist/public/assets/`; wrangler.toml's `[assets]` directory
 * is `dist/public`, so Cloudflare serves `/assets/<name>` straight from its edge, before the Worker.
 */

/** Where wrangler.toml's `[assets]` directory points (relative to the project root). */
export const ASSETS_DIR = 'dist/public';
/** The URL prefix (and sub-folder of ASSETS_DIR) the files are served under. */
export const ASSETS_PREFIX = 'assets';
