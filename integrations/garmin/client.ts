/**
 * @module integrations/garmin/client
 * The Garmin calls this app makes with a user's bearer token: who the user is, what they granted,
 * ending the registration, asking for a backfill, and fetching a ping's callback URL. A callback
 * is fetched verbatim, and only when it is on the configured API host (pings are unsigned).
 */
import { GarminApiError, garminHttpError } from './errors';
import { ActivitySummary, PermissionsResponse, UserIdResponse } from './wire';

export interface GarminClientOptions {
  /** GARMIN_API_URL, e.g. https://apis.garmin.com */
  apiUrl: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

/** Longest window one backfill request may cover (Garmin: 30 days for activity types). */
export const BACKFILL_WINDOW_S = 30 * 86_400;

export interface GarminClient {
  userId(token: string): Promise<string>;
  permissions(token: string): Promise<string[]>;
  deleteRegistration(token: string): Promise<void>;
  /** 202: the summaries arrive later through the push endpoints */
  requestBackfill(token: string, range: { startS: number; endS: number }): Promise<void>;
  /** the activity summaries a ping's callback URL answers */
  fetchCallback(token: string, callbackUrl: string): Promise<{ summaries: ActivitySummary[]; raw: string }>;
}

export function isOnApiHost(apiUrl: string, url: string): boolean {
  try {
    const a = new URL(apiUrl);
    const u = new URL(url);
    return u.protocol === a.protocol && u.host === a.host;
  } catch {
    return false;
  }
}

export function createGarminClient(o: GarminClientOptions): GarminClient {
  const base = o.apiUrl.replace(/\/$/, '');
  async function call(what: string, url: string, token: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
    let res: Response;
    try {
      res = await o.fetch(url, { ...init, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
    } catch (error) {
      const timeout = error instanceof Error && error.name === 'TimeoutError';
      throw new GarminApiError(timeout ? 'timeout' : 'network', 'UPSTREAM_UNAVAILABLE', `Garmin ${what} ${timeout ? 'timed out' : 'unreachable'}`, { retryable: true, cause: error });
    }
    const text = await res.text();
    if (!res.ok) throw garminHttpError(res.status, text, what);
    return { status: res.status, text };
  }
  function json(what: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new GarminApiError('bad_response', 'UPSTREAM_UNAVAILABLE', `Garmin ${what} answered no JSON`, { retryable: true });
    }
  }
  return {
    async userId(token) {
      const { text } = await call('user id', `${base}/wellness-api/rest/user/id`, token);
      const parsed = UserIdResponse.safeParse(json('user id', text));
      if (!parsed.success) throw new GarminApiError('bad_response', 'UPSTREAM_UNAVAILABLE', 'Garmin user id answer has an unexpected shape', { retryable: true });
      return parsed.data.userId;
    },
    async permissions(token) {
      const { text } = await call('permissions', `${base}/wellness-api/rest/user/permissions`, token);
      const parsed = PermissionsResponse.safeParse(json('permissions', text));
      if (!parsed.success) throw new GarminApiError('bad_response', 'UPSTREAM_UNAVAILABLE', 'Garmin permissions answer has an unexpected shape', { retryable: true });
      return parsed.data;
    },
    async deleteRegistration(token) {
      await call('registration delete', `${base}/wellness-api/rest/user/registration`, token, { method: 'DELETE' });
    },
    async requestBackfill(token, range) {
      const url = `${base}/wellness-api/rest/backfill/activities?summaryStartTimeInSeconds=${range.startS}&summaryEndTimeInSeconds=${range.endS}`;
      await call('backfill', url, token);
    },
    async fetchCallback(token, callbackUrl) {
      if (!isOnApiHost(base, callbackUrl)) throw new GarminApiError('refused_url', 'BAD_REQUEST', 'ping callback URL is not on the Garmin API host; not fetched', { retryable: false });
      const { text } = await call('ping callback', callbackUrl, token);
      const body = json('ping callback', text);
      const list = Array.isArray(body) ? body : [];
      const summaries: ActivitySummary[] = [];
      for (const item of list) {
        const parsed = ActivitySummary.safeParse(item);
        if (parsed.success) summaries.push(parsed.data);
      }
      return { summaries, raw: text };
    },
  };
}
