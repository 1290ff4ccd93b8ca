/**
 * @module integrations/caldav/errors
 * CalDAV statuses mapped onto IntegrationError. tsdav returns raw Responses for object calls and
 * throws plain Errors (with the status in the text) for queries; both end up here.
 *
 * The server is one the runner typed in, so messages (shown in the API and stored as the
 * target's last error) carry the status class only, never the exact status or any body.
 */
import { IntegrationError } from '../../src/core/errors';
import { retryAfterMs, statusClass } from '../shared/http';

export function caldavError(what: string, status: number, nowMs: number, headers?: Headers): IntegrationError {
  const label = `CalDAV ${what} failed: the server answered ${statusClass(status)}`;
  const at = retryAfterMs(headers, nowMs);
  const when = at ? { retryAtMs: at } : {};
  if (status === 401 || status === 403) {
    return new IntegrationError('DISCONNECTED', 'the CalDAV server refused the credentials; enter a new app password', { retryable: false, upstreamStatus: status });
  }
  if (status === 429) return new IntegrationError('RATE_LIMITED', label, { retryable: true, upstreamStatus: status, ...when });
  if (status >= 500 || status === 408) return new IntegrationError('UPSTREAM_UNAVAILABLE', label, { retryable: true, upstreamStatus: status, ...when });
  if (status === 404 || status === 410) return new IntegrationError('NOT_FOUND', label, { retryable: false, upstreamStatus: status });
  return new IntegrationError('BAD_REQUEST', label, { retryable: false, upstreamStatus: status });
}

/** A thrown tsdav/fetch error: look for a status in its text, else treat it as a network failure. */
export function caldavThrown(what: string, error: unknown, nowMs: number): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/invalid credentials|\b401\b/i.test(message)) return caldavError(what, 401, nowMs);
  const status = /\b([45]\d\d)\b/.exec(message)?.[1];
  if (status) return caldavError(what, Number(status), nowMs);
  return new IntegrationError('UPSTREAM_UNAVAILABLE', `CalDAV ${what} failed: network error`, { retryable: true, cause: error });
}
