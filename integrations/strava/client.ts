/**
 * Strava REST calls. Data calls go through `strava-v3` with our own request function, so every
 * request uses the injected `fetch`, the configured base URL and a timeout, and every response
 * (errors and 429s included) reports its rate-limit headers to `onResponse`. strava-v3's own
 * rate-limit singleton is ignored. Every body is zod-parsed (its typings miss HR, workout type…).
 *
 * Push-subscription calls are plain form/query requests with the app credentials: strava-v3 only
 * offers them on its module-global client with module-global credentials.
 */
import strava, { type RequestOptions } from 'strava-v3';
import type { z } from 'zod';
import { badResponse, fromNetworkError, fromResponse, parseRateLimitHeaders, type RateLimitHeaders } from './errors';
import { CreatedSubscription, PushSubscriptionList, type PushSubscription, type StravaActivity, StravaActivity as StravaActivitySchema, SummaryAthlete } from './wire';

export interface StravaResponseInfo {
  status: number;
  limits: RateLimitHeaders;
  /** true for calls that count against the read bucket (everything we call except uploads) */
  read: boolean;
  /** when the request was sent: the rate-limit window its usage figures belong to */
  sentAtMs: number;
}

export interface StravaHttpOptions {
  fetch: typeof fetch;
  /** e.g. `https://www.strava.com/api/v3` (no trailing slash) */
  apiUrl: string;
  timeoutMs: number;
  now: () => number;
  /** called for every response that arrived, before success or error is decided */
  onResponse?: (info: StravaResponseInfo) => void | Promise<void>;
}

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

/** An activity with the exact JSON text Strava sent for it (kept as the raw payload). */
export interface FetchedActivity {
  activity: StravaActivity;
  raw: string;
}

export interface StravaApi {
  /** `GET /activities/{id}` (DetailedActivity) */
  getActivity(accessToken: string, activityId: string): Promise<FetchedActivity>;
  /** `GET /athlete/activities` (SummaryActivity[]), one page */
  listActivities(accessToken: string, query: { after: number; before: number; page: number; perPage: number }): Promise<FetchedActivity[]>;
  /** `GET /athlete` */
  getAthlete(accessToken: string): Promise<SummaryAthlete>;
  listSubscriptions(app: AppCredentials): Promise<PushSubscription[]>;
  /** Strava calls the callback's GET handshake before answering this. */
  createSubscription(app: AppCredentials, callbackUrl: string, verifyToken: string): Promise<number>;
  deleteSubscription(app: AppCredentials, id: number): Promise<void>;
}

interface Captured {
  text: string;
}

export function createStravaApi(opts: StravaHttpOptions): StravaApi {
  async function send(what: string, url: string, init: RequestInit): Promise<{ json: unknown; text: string }> {
    let response: Response;
    const sentAtMs = opts.now();
    try {
      response = await opts.fetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch (error) {
      throw fromNetworkError(error, what);
    }
    const limits = parseRateLimitHeaders(response.headers);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw fromNetworkError(error, what);
    }
    await opts.onResponse?.({ status: response.status, limits, read: true, sentAtMs });
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
      if (response.ok) throw badResponse(what, 'body is not JSON');
    }
    if (!response.ok) throw fromResponse(response.status, json, limits, opts.now(), what);
    return { json, text };
  }

  /** The request function handed to strava-v3: resolves `{ headers, body }` or throws our error. */
  function requestFn(what: string, captured: Captured) {
    return async (options: RequestOptions) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(options.headers ?? {})) if (v != null) headers.set(k, v);
      headers.set('Accept', 'application/json');
      const relative = options.url.replace(/^\/+/, '').replace(/\?$/, '');
      const { json, text } = await send(what, `${opts.apiUrl}/${relative}`, { method: options.method ?? 'GET', headers });
      captured.text = text;
      return { headers: {}, body: json };
    };
  }

  function client(accessToken: string, what: string, captured: Captured) {
    return new strava.client(accessToken, requestFn(what, captured));
  }

  function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const result = schema.safeParse(value);
    if (!result.success) throw badResponse(what, result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).slice(0, 3).join('; '));
    return result.data;
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const creds = (app: AppCredentials) => `client_id=${encodeURIComponent(app.clientId)}&client_secret=${encodeURIComponent(app.clientSecret)}`;

  return {
    async getActivity(accessToken, activityId) {
      const what = `GET /activities/${activityId}`;
      const captured: Captured = { text: '' };
      const body: unknown = await client(accessToken, what, captured).activities.get({ id: activityId });
      return { activity: parse(StravaActivitySchema, body, what), raw: captured.text };
    },
    async listActivities(accessToken, query) {
      const what = 'GET /athlete/activities';
      const captured: Captured = { text: '' };
      const body: unknown = await client(accessToken, what, captured).athlete.listActivities({
        after: query.after,
        before: query.before,
        page: query.page,
        per_page: query.perPage,
      });
      if (!Array.isArray(body)) throw badResponse(what, 'expected an array');
      return body.map((item: unknown) => ({ activity: parse(StravaActivitySchema, item, what), raw: JSON.stringify(item) }));
    },
    async getAthlete(accessToken) {
      const what = 'GET /athlete';
      const body: unknown = await client(accessToken, what, { text: '' }).athlete.get({});
      return parse(SummaryAthlete, body, what);
    },
    async listSubscriptions(app) {
      const what = 'GET /push_subscriptions';
      const { json } = await send(what, `${opts.apiUrl}/push_subscriptions?${creds(app)}`, { method: 'GET', headers: { Accept: 'application/json' } });
      return parse(PushSubscriptionList, json, what);
    },
    async createSubscription(app, callbackUrl, verifyToken) {
      const what = 'POST /push_subscriptions';
      const { json } = await send(what, `${opts.apiUrl}/push_subscriptions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form({ client_id: app.clientId, client_secret: app.clientSecret, callback_url: callbackUrl, verify_token: verifyToken }),
      });
      return parse(CreatedSubscription, json, what).id;
    },
    async deleteSubscription(app, id) {
      await send(`DELETE /push_subscriptions/${id}`, `${opts.apiUrl}/push_subscriptions/${id}?${creds(app)}`, { method: 'DELETE' });
    },
  };
}
