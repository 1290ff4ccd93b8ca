/**
 * `/assets/<name>`: the pages' CSS and JS from the runtime's `AssetSource`, gzip-compressed,
 * cached for a year (names are stable per release; `?v=` in links would bust them). The site
 * icon is served here too, from the pages' own module (see favicon.ts).
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../http/env';
import { FAVICON_NAME, FAVICON_SVG } from './favicon';

const FAVICON = { body: new TextEncoder().encode(FAVICON_SVG), type: 'image/svg+xml' };

export function assetRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/assets/:name', compress(), async (c) => {
    const name = c.req.param('name');
    const asset = name === FAVICON_NAME ? FAVICON : await c.var.deps.assets?.get(name);
    if (!asset) return c.json({ error: { code: 'NOT_FOUND', message: 'no such asset' } }, 404);
    c.header('content-type', asset.type);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('x-content-type-options', 'nosniff');
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  // browsers and feed readers ask for it whatever the pages link
  app.get('/favicon.ico', (c) => c.redirect(`/assets/${FAVICON_NAME}`, 301));
  return app;
}
