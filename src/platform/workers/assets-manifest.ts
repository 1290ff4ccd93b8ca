/**
 * The static files the web app serves under `/assets/...`, and the npm file each comes from.
 * `npm run cf:assets` copies them into `dist/public/assets/`; wrangler.toml's `[assets]` directory is
 * `dist/public`, so Cloudflare serves `/assets/<name>` straight from its edge, before the Worker.
 * The web capability adds its own files here when its AssetSource port lands.
 */
export const ASSET_FILES: ReadonlyArray<{ name: string; from: string }> = [
  { name: 'htmx.min.js', from: 'htmx.org/dist/htmx.min.js' },
  { name: 'pico.min.css', from: '@picocss/pico/css/pico.min.css' },
  { name: 'uPlot.iife.min.js', from: 'uplot/dist/uPlot.iife.min.js' },
  { name: 'uPlot.min.css', from: 'uplot/dist/uPlot.min.css' },
];

/** Where wrangler.toml's `[assets]` directory points (relative to the project root). */
export const ASSETS_DIR = 'dist/public';
/** The URL prefix (and sub-folder of ASSETS_DIR) the files are served under. */
export const ASSETS_PREFIX = 'assets';
