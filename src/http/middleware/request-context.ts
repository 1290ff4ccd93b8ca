import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../env';

/** Attach deps, a request id and a request-scoped logger; log one line per request. */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    const log = deps.logger.child({ requestId });
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('log', log);
    const started = deps.clock.now();
    // Set before the handler runs: a header added afterwards forces a response rebuild.
    c.header('x-request-id', requestId);
    await next();
    // The path only: query strings can carry OAuth codes; the feed secret is masked by the logger.
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: deps.clock.now() - started });
  };
}
