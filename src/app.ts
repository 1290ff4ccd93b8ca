/**
 * @module app
 * The composition root of the HTTP side: middleware, routes and the one error handler.
 * Runtime entries build `AppDeps` and call `createApp`; nothing here knows the runtime.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './deps';
import { AppError } from './errors';
import type { AppEnv } from './http/env';
import { handleError } from './http/errors';
import { identify } from './http/middleware/auth';
import { requestContext } from './http/middleware/request-context';
import { routeModules } from './http/routes';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps));
  app.use('*', secureHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.BODY_LIMIT_BYTES,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `request body exceeds ${deps.config.BODY_LIMIT_BYTES} bytes`);
      },
    }),
  );
  app.use('*', identify());
  for (const mount of routeModules) app.route('/', mount(deps));
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}`, requestId: c.get('requestId') } }, 404));
  app.onError(handleError);
  return app;
}
