/**
 * @module app
 * The composition root of the HTTP side: middleware, routes and the one error handler.
 * Runtime entries build `AppDeps` and call `createApp`; nothing here knows the runtime.
 */
import { Hono } from 'hono';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/env';
import { handleError } from '../http/errors';
import { identify } from '../http/middleware/auth';
import { bodySizeLimit } from '../http/middleware/body-size';
import { csrfGuard } from '../http/middleware/csrf';
import { requestContext } from '../http/middleware/request-context';
import { routeModules } from './routes';
import { FORM_PREFIX, formBridge } from '../pages/form-bridge';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps));
  // Browser-facing hardening. Provider webhooks are machine-to-machine and latency-bound, and
  // headers written after the handler make the Node adapter rebuild its response (measured:
  // ~3× slower ingest), so they are answered without it.
  app.use('*', except('/webhooks/*', secureHeaders()));
  app.use('*', except(['/api/me/uploads', '/form/api/me/uploads', '/webhooks/garmin/*'], bodySizeLimit(deps.config.BODY_LIMIT_BYTES))); // uploads and Garmin pushes set their own limits
  app.use('*', csrfGuard(deps.config.PUBLIC_URL));
  app.use('*', identify());
  for (const mount of routeModules) app.route('/', mount(deps));
  app.post(`${FORM_PREFIX}/*`, formBridge(app)); // plain HTML forms → the JSON API (pages work without JavaScript)
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}`, requestId: c.get('requestId') } }, 404));
  app.onError(handleError);
  return app;
}
