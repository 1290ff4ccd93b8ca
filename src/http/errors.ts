import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode } from '../core/errors';
import type { AppEnv } from './env';

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; requestId?: string; details?: unknown };
}

/** The one place an error becomes an HTTP response. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');
  if (err instanceof AppError) {
    const status = err.status as ContentfulStatusCode;
    if (status >= 500) c.get('log')?.error('request failed', { code: err.code, error: err });
    const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
    if (err.details !== undefined) body.error.details = err.details;
    return c.json(body, status);
  }
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST';
    return c.json({ error: { code, message: err.message || 'bad request', requestId } } satisfies ErrorBody, err.status);
  }
  c.get('log')?.error('unhandled error', { error: err });
  return c.json({ error: { code: 'INTERNAL', message: 'internal error', requestId } } satisfies ErrorBody, 500);
}
