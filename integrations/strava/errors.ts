/**
 * Strava failures normalised to `IntegrationError`, with a `reason` the services branch on:
 * an expired token (refresh and retry) is not a missing scope (ask the runner to reconnect),
 * a rate limit waits for the next window, 5xx and timeouts are retried, 404 may mean "not yet".
 */
import { IntegrationError } from '../../src/core/errors';
import { StravaFault } from './wire';

export type StravaErrorReason =
  | 'token_invalid'
  | 'scope_missing'
  | 'refresh_invalid'
  | 'code_invalid'
  | 'rate_limited'
  | 'not_found'
  | 'forbidden'
  | 'app_inactive'
  | 'bad_request'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad_response';

export class StravaApiError extends IntegrationError {
  readonly reason: StravaErrorReason;
  constructor(
    reason: StravaErrorReason,
    code: ConstructorParameters<typeof IntegrationError>[0],
    message: string,
    options: ConstructorParameters<typeof IntegrationError>[2],
  ) {
    super(code, message, options);
    this.reason = reason;
  }
}

export function isStravaError(error: unknown, ...reasons: StravaErrorReason[]): error is StravaApiError {
  return error instanceof StravaApiError && (reasons.length === 0 || reasons.includes(error.reason));
}

const QUARTER_MS = 15 * 60_000;
const DAY_MS = 24 * 3600_000;

/** Start of the next 15-minute window (:00, :15, :30, :45). */
export function nextQuarterHour(nowMs: number): number {
  return (Math.floor(nowMs / QUARTER_MS) + 1) * QUARTER_MS;
}

/** Next 00:00 UTC, when the daily limits reset. */
export function nextUtcMidnight(nowMs: number): number {
  return (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
}

/** Both rate-limit buckets as read from one response; absent headers give undefined. */
export interface RateLimitHeaders {
  overall?: { limit15: number; limitDay: number; usage15: number; usageDay: number };
  read?: { limit15: number; limitDay: number; usage15: number; usageDay: number };
}

function pair(value: string | null): [number, number] | undefined {
  if (!value) return undefined;
  const [a, b] = value.split(',').map((s) => Number(s.trim()));
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return [a, b];
}

function bucket(limit: string | null, usage: string | null): RateLimitHeaders['overall'] {
  const l = pair(limit);
  const u = pair(usage);
  if (!l || !u) return undefined;
  return { limit15: l[0], limitDay: l[1], usage15: u[0], usageDay: u[1] };
}

/** Read `X-RateLimit-*` and `X-ReadRateLimit-*` (header names are case-insensitive). */
export function parseRateLimitHeaders(headers: Headers): RateLimitHeaders {
  const out: RateLimitHeaders = {};
  const overall = bucket(headers.get('x-ratelimit-limit'), headers.get('x-ratelimit-usage'));
  const read = bucket(headers.get('x-readratelimit-limit'), headers.get('x-readratelimit-usage'));
  if (overall) out.overall = overall;
  if (read) out.read = read;
  return out;
}

/** When a 429 lifts: UTC midnight if a daily bucket is spent, else the next quarter hour. */
export function rateLimitRetryAt(limits: RateLimitHeaders, nowMs: number): number {
  const dailySpent = [limits.overall, limits.read].some((b) => b !== undefined && b.usageDay >= b.limitDay);
  return dailySpent ? nextUtcMidnight(nowMs) : nextQuarterHour(nowMs);
}

function faultOf(body: unknown): StravaFault {
  const parsed = StravaFault.safeParse(body);
  return parsed.success ? parsed.data : {};
}

function describe(fault: StravaFault): string {
  const details = (fault.errors ?? []).map((e) => [e.resource, e.field, e.code].filter(Boolean).join('.')).join(', ');
  return [fault.message, details].filter(Boolean).join(': ');
}

/** Map an HTTP failure from Strava to a StravaApiError. */
export function fromResponse(status: number, body: unknown, limits: RateLimitHeaders, nowMs: number, what: string): StravaApiError {
  const fault = faultOf(body);
  const text = `${what}: Strava answered ${status}${describe(fault) ? ` (${describe(fault)})` : ''}`;
  const errors = fault.errors ?? [];
  const has = (pred: (e: NonNullable<StravaFault['errors']>[number]) => boolean) => errors.some(pred);
  const base = { upstreamStatus: status };
  if (status === 429) {
    return new StravaApiError('rate_limited', 'RATE_LIMITED', text, { ...base, retryable: true, retryAtMs: rateLimitRetryAt(limits, nowMs) });
  }
  if (status === 403 && has((e) => e.resource === 'Application' && e.field === 'Status' && e.code === 'Inactive')) {
    // The whole app is switched off by Strava (its owner has no subscription): an outage of every
    // call, not a fault of this athlete or this request.
    return new StravaApiError('app_inactive', 'UPSTREAM_UNAVAILABLE', text, { ...base, retryable: true });
  }
  if (status === 401 || status === 403) {
    if (has((e) => e.code === 'missing' || (e.field ?? '').endsWith('_permission'))) {
      return new StravaApiError('scope_missing', 'DISCONNECTED', text, { ...base, retryable: false });
    }
    if (status === 401) return new StravaApiError('token_invalid', 'DISCONNECTED', text, { ...base, retryable: false });
    return new StravaApiError('forbidden', 'FORBIDDEN', text, { ...base, retryable: false });
  }
  if (status === 404) return new StravaApiError('not_found', 'NOT_FOUND', text, { ...base, retryable: false });
  if (status === 400) {
    if (has((e) => e.resource === 'RefreshToken')) return new StravaApiError('refresh_invalid', 'DISCONNECTED', text, { ...base, retryable: false });
    if (has((e) => e.resource === 'AuthorizationCode')) return new StravaApiError('code_invalid', 'BAD_REQUEST', text, { ...base, retryable: false });
    return new StravaApiError('bad_request', 'BAD_REQUEST', text, { ...base, retryable: false });
  }
  if (status >= 500) return new StravaApiError('server', 'UPSTREAM_UNAVAILABLE', text, { ...base, retryable: true });
  return new StravaApiError('bad_request', 'BAD_REQUEST', text, { ...base, retryable: false });
}

/** A request that got no answer (timeout, connection refused, DNS). */
export function fromNetworkError(error: unknown, what: string): StravaApiError {
  const name = error instanceof Error ? error.name : '';
  const timeout = name === 'TimeoutError' || name === 'AbortError';
  const message = `${what}: ${timeout ? 'Strava did not answer in time' : `network error (${error instanceof Error ? error.message : String(error)})`}`;
  return new StravaApiError(timeout ? 'timeout' : 'network', 'UPSTREAM_UNAVAILABLE', message, { retryable: true, cause: error });
}

/** A 2xx whose body is not what Strava documents. Retryable: it is usually a transient proxy page. */
export function badResponse(what: string, detail: string): StravaApiError {
  return new StravaApiError('bad_response', 'UPSTREAM_UNAVAILABLE', `${what}: unexpected response from Strava (${detail})`, { retryable: true });
}
