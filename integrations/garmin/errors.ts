/**
 * @module integrations/garmin/errors
 * Garmin failures normalised to `IntegrationError` with a `reason` the jobs branch on.
 */
import { IntegrationError } from '../../src/core/errors';
import { ErrorEnvelope } from './wire';

export type GarminErrorReason = 'token_invalid' | 'permission_missing' | 'duplicate' | 'rate_limited' | 'not_found' | 'gone' | 'bad_request' | 'server' | 'timeout' | 'network' | 'bad_response' | 'refused_url';

export class GarminApiError extends IntegrationError {
  readonly reason: GarminErrorReason;
  constructor(reason: GarminErrorReason, code: ConstructorParameters<typeof IntegrationError>[0], message: string, options: ConstructorParameters<typeof IntegrationError>[2]) {
    super(code, message, options);
    this.reason = reason;
  }
}

export function isGarminError(error: unknown, ...reasons: GarminErrorReason[]): error is GarminApiError {
  return error instanceof GarminApiError && (reasons.length === 0 || reasons.includes(error.reason));
}

/** A non-2xx answer as an error (the body's `errorMessage` when it has one; never tokens). */
export function garminHttpError(status: number, bodyText: string, what: string): GarminApiError {
  let detail = '';
  try {
    const parsed = ErrorEnvelope.safeParse(JSON.parse(bodyText));
    if (parsed.success) detail = `: ${parsed.data.errorMessage.slice(0, 200)}`;
  } catch {
    // not JSON
  }
  const message = `Garmin ${what} answered ${status}${detail}`;
  const opts = { upstreamStatus: status };
  if (status === 401) return new GarminApiError('token_invalid', 'DISCONNECTED', message, { retryable: false, ...opts });
  if (status === 403 || status === 412) return new GarminApiError('permission_missing', 'FORBIDDEN', message, { retryable: false, ...opts });
  if (status === 409) return new GarminApiError('duplicate', 'BAD_REQUEST', message, { retryable: false, ...opts });
  if (status === 404) return new GarminApiError('not_found', 'NOT_FOUND', message, { retryable: false, ...opts });
  if (status === 410) return new GarminApiError('gone', 'NOT_FOUND', message, { retryable: false, ...opts });
  if (status === 429) return new GarminApiError('rate_limited', 'RATE_LIMITED', message, { retryable: true, ...opts });
  if (status >= 500) return new GarminApiError('server', 'UPSTREAM_UNAVAILABLE', message, { retryable: true, ...opts });
  return new GarminApiError('bad_request', 'BAD_REQUEST', message, { retryable: false, ...opts });
}
