import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../env';

/**
 * Refuse bodies over `maxBytes` with a JSON 413 before any handler reads them. A declared
 * Content-Length is checked directly (HTTP framing holds the sender to it); only bodies without
 * one (chunked) pay for Hono's streaming limit, which wraps the body stream.
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `request body exceeds ${maxBytes} bytes`);
  const streaming = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared)) {
      if (Number(declared) > maxBytes) throw tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}
