/**
 * Static files the pages load (`/assets/<path>`): CSS, JS. Node reads them from node_modules and
 * src/pages/static at start; Workers serve them from the ASSETS binding.
 */
export interface Asset {
  body: Uint8Array;
  /** Content-Type */
  type: string;
}

export interface AssetSource {
  get(path: string): Asset | undefined | Promise<Asset | undefined>;
}

/** `/assets/<name>` → where each file comes from (package files or the app's own folder). */
export const ASSET_FILES = {
  'htmx.min.js': { from: 'node_modules/htmx.org/dist/htmx.min.js', type: 'text/javascript; charset=utf-8' },
  'uPlot.iife.min.js': { from: 'node_modules/uplot/dist/uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { from: 'node_modules/uplot/dist/uPlot.min.css', type: 'text/css; charset=utf-8' },
  'pico.min.css': { from: 'node_modules/@picocss/pico/css/pico.min.css', type: 'text/css; charset=utf-8' },
  'app.js': { from: 'src/pages/static/app.js', type: 'text/javascript; charset=utf-8' },
  'app.css': { from: 'src/pages/static/app.css', type: 'text/css; charset=utf-8' },
} as const;

export type AssetName = keyof typeof ASSET_FILES;
