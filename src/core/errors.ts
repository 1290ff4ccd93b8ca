/**
 * @module errors
 * The closed error taxonomy. Code throws AppError (or a subclass); `app.onError` is the one
 * place that turns it into the JSON error shape of the contract.
 */
const ERROR_CODES = {
  VALIDATION: 422,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  GONE: 410,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502,
  DISCONNECTED: 409,
  NOT_CONFIGURED: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly code: ErrorCode;
  /** extra, safe-to-show detail (e.g. the invalid fields) */
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.details = options?.details;
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'not allowed') => new AppError('FORBIDDEN', message);
export const unauthorized = (message = 'sign in first') => new AppError('UNAUTHORIZED', message);
export const validation = (message: string, details?: unknown) =>
  new AppError('VALIDATION', message, { details });
export const badRequest = (message: string, details?: unknown) =>
  new AppError('BAD_REQUEST', message, { details });

/**
 * An error from an external system (Strava, Google, a CalDAV server), normalised.
 * `retryable` tells the job runner whether another attempt can succeed; `retryAtMs`
 * (when known, e.g. the next rate-limit window) overrides the backoff.
 */
export class IntegrationError extends AppError {
  override readonly name = 'IntegrationError';
  readonly retryable: boolean;
  readonly retryAtMs: number | undefined;
  readonly upstreamStatus: number | undefined;
  constructor(
    code: Extract<ErrorCode, 'UPSTREAM_UNAVAILABLE' | 'RATE_LIMITED' | 'DISCONNECTED' | 'NOT_FOUND' | 'BAD_REQUEST' | 'FORBIDDEN'>,
    message: string,
    options: { retryable: boolean; retryAtMs?: number; upstreamStatus?: number; cause?: unknown },
  ) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
    this.retryAtMs = options.retryAtMs;
    this.upstreamStatus = options.upstreamStatus;
  }
}

/** Job handlers throw this to stop retrying at once (the job is dead-lettered with the message). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Job handlers throw this to put the job back until `runAtMs` without spending an attempt. */
export class JobDeferred extends Error {
  override readonly name = 'JobDeferred';
  readonly runAtMs: number;
  constructor(runAtMs: number, reason: string) {
    super(reason);
    this.runAtMs = runAtMs;
  }
}
