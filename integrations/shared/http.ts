/**
 * @module integrations/shared/http
 * Small HTTP helpers shared by the calendar integrations.
 */
import { IntegrationError } from '../../src/core/errors';
import { toBase64 } from '../../src/core/crypto';

/** `Retry-After` (delay in seconds, or an HTTP date) as an instant in ms, or undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, nowMs: number): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return nowMs + Math.max(0, seconds) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * `404` → `4xx`. All a message shown to the runner (or stored as a last error) says about the
 * answer of a server at a URL the runner typed: the exact status and the body would make the
 * server an oracle for probing other hosts.
 */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** How long a calendar server (Google, CalDAV, a plan feed) gets to answer one request. */
export const CALENDAR_TIMEOUT_MS = 15_000;

/** The retryable error of a request that got no answer in time. */
export function timeoutError(what: string, timeoutMs: number, cause?: unknown): IntegrationError {
  return new IntegrationError('UPSTREAM_UNAVAILABLE', `${what} did not answer within ${Math.max(1, Math.round(timeoutMs / 1000))} s`, { retryable: true, cause });
}

/** Whether `error` is the abort of a request by its timeout signal. */
export function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/**
 * `fetchFn` with a time limit on every request (and its body), combined with the caller's own
 * signal: a server that never answers cannot hold a job until its lease runs out. The limit
 * reached is a retryable IntegrationError naming `what`.
 */
export function fetchWithTimeout(fetchFn: typeof fetch, what: string, timeoutMs: number = CALENDAR_TIMEOUT_MS): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetchFn(input, { ...init, signal });
    } catch (error) {
      if (timeout.aborted) throw timeoutError(what, timeoutMs, error);
      throw error;
    }
  };
}

/** `Authorization: Basic …` for a user and password (UTF-8 safe, unlike `btoa` on the raw string). */
export function basicAuthHeader(username: string, password: string): string {
  return `Basic ${toBase64(new TextEncoder().encode(`${username}:${password}`))}`;
}
