/**
 * @module integrations/google-calendar/errors
 * Google's error responses mapped onto IntegrationError:
 * 403 rateLimitExceeded/userRateLimitExceeded and 429 → retry soon; 403 quotaExceeded → retry in
 * an hour; 5xx → retry; 401 after a refresh → reconnect; 404 → retry soon (right after we create
 * a calendar, Google may not know it yet); other 4xx → permanent. A 404 that means "the event
 * was deleted" or "our calendar was deleted" is recognised by the caller, which knows the path.
 */
import { IntegrationError } from '../../src/core/errors';
import { retryAfterMs } from '../shared/http';
import { GoogleApiError } from './wire';

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const QUOTA_BACKOFF_MS = 60 * 60_000;

/** The reason of Google's first error item (e.g. `rateLimitExceeded`), when present. */
function googleReason(body: unknown): string | undefined {
  const parsed = GoogleApiError.safeParse(body);
  return parsed.success ? parsed.data.error.errors?.[0]?.reason : undefined;
}

export function googleError(what: string, status: number, body: unknown, headers: Headers, nowMs: number): IntegrationError {
  const reason = googleReason(body);
  const label = `Google Calendar ${what} failed: ${status}${reason ? ` ${reason}` : ''}`;
  const retryAt = retryAfterMs(headers, nowMs);
  if (status === 429 || (status === 403 && reason && RATE_REASONS.has(reason))) {
    return new IntegrationError('RATE_LIMITED', label, { retryable: true, upstreamStatus: status, ...(retryAt ? { retryAtMs: retryAt } : {}) });
  }
  if (status === 403 && reason === 'quotaExceeded') {
    return new IntegrationError('RATE_LIMITED', label, { retryable: true, upstreamStatus: status, retryAtMs: retryAt ?? nowMs + QUOTA_BACKOFF_MS });
  }
  if (status >= 500 || status === 408) {
    return new IntegrationError('UPSTREAM_UNAVAILABLE', label, { retryable: true, upstreamStatus: status, ...(retryAt ? { retryAtMs: retryAt } : {}) });
  }
  if (status === 401) {
    return new IntegrationError('DISCONNECTED', 'Google refused our access; reconnect the calendar', { retryable: false, upstreamStatus: status });
  }
  // Propagation delay: the job retries with its short exponential back-off.
  if (status === 404) return new IntegrationError('NOT_FOUND', label, { retryable: true, upstreamStatus: status, ...(retryAt ? { retryAtMs: retryAt } : {}) });
  if (status === 403) return new IntegrationError('FORBIDDEN', label, { retryable: false, upstreamStatus: status });
  return new IntegrationError('BAD_REQUEST', label, { retryable: false, upstreamStatus: status });
}

/** A network failure (DNS, reset, timeout) is worth another attempt. */
export function networkError(what: string, cause: unknown): IntegrationError {
  return new IntegrationError('UPSTREAM_UNAVAILABLE', `Google Calendar ${what} failed: network error`, { retryable: true, cause });
}
