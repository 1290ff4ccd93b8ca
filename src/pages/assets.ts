/**
 * `/assets/<name>`: the pages' CSS and JS from the runtime's `AssetSource`, gzip-compressed,
 * cached for a year (names are stable per release; `?v=` in links would bust them). And the
 * site icon (`/favicon.svg`, `/favicon.ico`).
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../http/env';
import { FAVICON_SVG } from './favicon';

export function assetRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/assets/:name', compress(), async (c) => {
    const asset = await c.var.deps.assets?.get(c.req.param('name'));
    if (!asset) return c.json({ error: { code: 'NOT_FOUND', message: 'no such asset' } }, 404);
    c.header('content-type', asset.type);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('x-content-type-options', 'nosniff');
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  app.get('/favicon.svg', (c) => {
    c.header('content-type', 'image/svg+xml');
    c.header('cache-control', 'public, max-age=86400');
    c.header('x-content-type-options', 'nosniff');
    return c.body(FAVICON_SVG);
  });
  app.get('/favicon.ico', (c) => {
    c.header('cache-control', 'public, max-age=86400');
    return c.redirect('/favicon.svg', 301);
  });
  return app;
}
