/**
 * A stateful simulation of Strava's API and OAuth endpoints, answering with the documented
 * shapes, status codes, error envelopes and rate-limit headers (`X-RateLimit-Limit/Usage`,
 * `X-ReadRateLimit-Limit/Usage` on every /api/v3 response, 429s included).
 *
 * One `StravaSim` serves three transports: msw handlers (`stravaHandlers`), a real HTTP server
 * (tests/helpers/fake-strava-server.ts) and a plain fetch function for benchmarks (`sim.fetch`).
 */
import { http, type HttpHandler } from 'msw';
// Imported, not read from disk, so the simulation also runs inside workerd (tests/workers).
import detailedRunJson from '../fixtures/strava/detailed-activity-run.json';
import errorsJson from '../fixtures/strava/errors.json';
import summaryRideJson from '../fixtures/strava/summary-activity-ride.json';
import tokenExchangeJson from '../fixtures/strava/token-exchange.json';

const fixture = (json: unknown): Record<string, unknown> => structuredClone(json) as Record<string, unknown>;

export const STRAVA_FIXTURES = {
  detailedRun: () => fixture(detailedRunJson),
  summaryRide: () => fixture(summaryRideJson),
  tokenExchange: () => fixture(tokenExchangeJson),
  errors: () => fixture(errorsJson) as Record<string, Record<string, unknown>>,
};

export const DEFAULT_API_URL = 'https://www.strava.com/api/v3';
export const DEFAULT_OAUTH_URL = 'https://www.strava.com/oauth';

type Respond = 'timeout' | { status: number; body?: unknown; headers?: Record<string, string> };

interface Override {
  method: string;
  path: RegExp;
  times: number;
  respond: Respond;
}

export interface SimAthlete {
  id: number;
  firstname: string;
  lastname: string;
  sex: 'M' | 'F' | null;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  expiresAtS: number;
  revoked: boolean;
}

export interface SimCall {
  method: string;
  path: string;
  status: number;
}

export interface StravaSimOptions {
  now: () => number;
  apiUrl?: string;
  oauthUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** `[15-min, daily]` per bucket; defaults to Strava's documented defaults */
  limits?: { overall: [number, number]; read: [number, number] };
  /** answer 429 when a bucket is spent (the default) */
  enforceLimits?: boolean;
  /** rotate the refresh token on every refresh (Strava may) */
  rotateRefreshTokens?: boolean;
}

const QUARTER_MS = 15 * 60_000;
const DAY_MS = 24 * 3600_000;
const TOKEN_TTL_S = 6 * 3600;

let tokenCounter = 0;
const newToken = (prefix: string) => `${prefix}${(++tokenCounter).toString(16).padStart(8, '0')}${Math.random().toString(16).slice(2, 18)}`;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });

export class StravaSim {
  readonly apiUrl: string;
  readonly oauthUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly athletes = new Map<number, SimAthlete>();
  readonly activities = new Map<string, Record<string, unknown>>();
  readonly calls: SimCall[] = [];
  readonly subscriptions: Array<{ id: number; callback_url: string; verify_token: string }> = [];
  /** 429s answered */
  rateLimited = 0;
  private readonly codes = new Map<string, { athleteId: number; scopes: string[] }>();
  private readonly overrides: Override[] = [];
  private readonly holds: Array<{ method: string; path: RegExp; arrived: () => void; gate: Promise<void> }> = [];
  private readonly now: () => number;
  private readonly limits: { overall: [number, number]; read: [number, number] };
  private readonly enforce: boolean;
  private readonly rotate: boolean;
  private usage = { w: -1, d: -1, o15: 0, oDay: 0, r15: 0, rDay: 0 };
  private nextActivityId = 16_200_000_000;

  constructor(opts: StravaSimOptions) {
    this.now = opts.now;
    this.apiUrl = opts.apiUrl ?? DEFAULT_API_URL;
    this.oauthUrl = opts.oauthUrl ?? DEFAULT_OAUTH_URL;
    this.clientId = opts.clientId ?? '12345';
    this.clientSecret = opts.clientSecret ?? 'strava-client-secret';
    this.limits = opts.limits ?? { overall: [200, 2_000], read: [100, 1_000] };
    this.enforce = opts.enforceLimits ?? true;
    this.rotate = opts.rotateRefreshTokens ?? true;
  }

  addAthlete(id: number, init: Partial<Omit<SimAthlete, 'id'>> = {}): SimAthlete {
    const athlete: SimAthlete = {
      id,
      firstname: init.firstname ?? 'Marianne',
      lastname: init.lastname ?? 'Teutenberg',
      sex: init.sex === undefined ? 'F' : init.sex,
      scopes: init.scopes ?? ['read', 'activity:read_all', 'profile:read_all'],
      accessToken: init.accessToken ?? newToken('acc'),
      refreshToken: init.refreshToken ?? newToken('ref'),
      expiresAtS: init.expiresAtS ?? Math.floor(this.now() / 1000) + TOKEN_TTL_S,
      revoked: init.revoked ?? false,
    };
    this.athletes.set(id, athlete);
    return athlete;
  }

  /** The code Strava would put on the redirect after the athlete approved. */
  grantCode(athleteId: number, scopes?: string[]): string {
    const code = newToken('code');
    const athlete = this.athletes.get(athleteId) ?? this.addAthlete(athleteId);
    this.codes.set(code, { athleteId, scopes: scopes ?? athlete.scopes });
    return code;
  }

  /** Add (or replace) an activity; fields default to the detailed-run fixture. */
  putActivity(athleteId: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
    const id = (fields['id'] as number | undefined) ?? this.nextActivityId++;
    const activity = { ...STRAVA_FIXTURES.detailedRun(), ...fields, id, athlete: { id: athleteId, resource_state: 1 } };
    this.activities.set(String(id), activity);
    return activity;
  }

  removeActivity(id: string | number): void {
    this.activities.delete(String(id));
  }

  /** Answer the next `times` matching requests with `respond` (before any other logic). */
  failNext(method: string, path: RegExp, respond: Respond, times = 1): void {
    this.overrides.push({ method: method.toUpperCase(), path, times, respond });
  }

  /** Stop answering every request with an override set by `failNext` (an outage ends). */
  clearFailures(): void {
    this.overrides.length = 0;
  }

  /**
   * Hold the answer to the next matching request (matched on the URL path): it is computed when the
   * request arrives but only sent on `release()`. `arrived` resolves once the request is in.
   */
  holdNext(method: string, path: RegExp): { arrived: Promise<void>; release(): void } {
    let arrived!: () => void;
    let release!: () => void;
    const arrivedP = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.push({ method: method.toUpperCase(), path, arrived, gate });
    return { arrived: arrivedP, release };
  }

  /** The athlete revokes the app on strava.com: every token of the pair stops working. */
  deauthorize(athleteId: number): void {
    const athlete = this.athletes.get(athleteId);
    if (athlete) athlete.revoked = true;
  }

  count(method: string, path: RegExp): number {
    return this.calls.filter((c) => c.method === method.toUpperCase() && path.test(c.path)).length;
  }

  /** Calls to the REST API (what counts against Strava's rate limits). */
  apiCalls(): number {
    return this.calls.filter((c) => c.path.startsWith('/api/')).length;
  }

  /** A fetch function that answers from the simulation (for benchmarks). */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => this.handle(new Request(input, init));

  private rollUsage(): void {
    const now = this.now();
    const w = Math.floor(now / QUARTER_MS);
    const d = Math.floor(now / DAY_MS);
    if (w !== this.usage.w) {
      this.usage.w = w;
      this.usage.o15 = 0;
      this.usage.r15 = 0;
    }
    if (d !== this.usage.d) {
      this.usage.d = d;
      this.usage.oDay = 0;
      this.usage.rDay = 0;
    }
  }

  private limitHeaders(): Record<string, string> {
    return {
      'X-RateLimit-Limit': `${this.limits.overall[0]},${this.limits.overall[1]}`,
      'X-RateLimit-Usage': `${this.usage.o15},${this.usage.oDay}`,
      'X-ReadRateLimit-Limit': `${this.limits.read[0]},${this.limits.read[1]}`,
      'X-ReadRateLimit-Usage': `${this.usage.r15},${this.usage.rDay}`,
    };
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method.toUpperCase();
    const hold = this.holds.find((h) => h.method === method && h.path.test(path));
    if (hold) this.holds.splice(this.holds.indexOf(hold), 1);
    const response = await this.route(request, url, method);
    if (hold) {
      hold.arrived();
      await hold.gate;
    }
    this.calls.push({ method, path, status: response.status });
    return response;
  }

  private async route(request: Request, url: URL, method: string): Promise<Response> {
    const full = url.toString();
    const isApi = full.startsWith(this.apiUrl);
    const rel = isApi ? full.slice(this.apiUrl.length).split('?')[0] ?? '' : full.slice(this.oauthUrl.length).split('?')[0] ?? '';
    if (isApi) {
      this.rollUsage();
      const spent = this.usage.o15 >= this.limits.overall[0] || this.usage.r15 >= this.limits.read[0] || this.usage.oDay >= this.limits.overall[1] || this.usage.rDay >= this.limits.read[1];
      // Rejected requests count too (the docs: they still count against the daily limit).
      this.usage.o15++;
      this.usage.oDay++;
      this.usage.r15++;
      this.usage.rDay++;
      if (this.enforce && spent) {
        this.rateLimited++;
        return json(429, STRAVA_FIXTURES.errors()['rateLimited'], this.limitHeaders());
      }
    }
    const override = this.overrides.find((o) => o.method === method && o.path.test(`${isApi ? '/api/v3' : '/oauth'}${rel}`));
    if (override) {
      override.times--;
      if (override.times <= 0) this.overrides.splice(this.overrides.indexOf(override), 1);
      if (override.respond === 'timeout') return this.hang(request);
      if (override.respond.status === 429) this.rateLimited++;
      return json(override.respond.status, override.respond.body, { ...(isApi ? this.limitHeaders() : {}), ...override.respond.headers });
    }
    if (isApi && method === 'POST' && rel === '/push_subscriptions') return this.createSubscription(new URLSearchParams(await request.text()));
    if (isApi) return this.api(request, url, method, rel);
    return this.oauth(request, method, rel);
  }

  /** Never answer; once the client gives up, settle quietly (the client already saw its timeout). */
  private hang(request: Request): Promise<Response> {
    return new Promise((resolve) => {
      const done = () => resolve(json(504, { message: 'Gateway Timeout', errors: [] }));
      const timer = setTimeout(done, 30_000);
      request.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        done();
      });
    });
  }

  private athleteForToken(request: Request): SimAthlete | undefined {
    const auth = request.headers.get('authorization') ?? '';
    const token = auth.replace(/^Bearer\s+/i, '');
    const nowS = this.now() / 1000;
    for (const a of this.athletes.values()) if (!a.revoked && a.accessToken === token && a.expiresAtS > nowS) return a;
    return undefined;
  }

  private api(request: Request, url: URL, method: string, rel: string): Response {
    const h = this.limitHeaders();
    const errors = STRAVA_FIXTURES.errors();
    if (rel === '/push_subscriptions' || rel.startsWith('/push_subscriptions/')) return this.pushSubscriptions(url, method, rel, h);
    const athlete = this.athleteForToken(request);
    if (!athlete) return json(401, errors['tokenInvalid'], h);
    const canReadActivities = athlete.scopes.includes('activity:read_all') || athlete.scopes.includes('activity:read');
    if (method === 'GET' && rel === '/athlete') {
      return json(200, { id: athlete.id, firstname: athlete.firstname, lastname: athlete.lastname, sex: athlete.sex, resource_state: 2 }, h);
    }
    const one = /^\/activities\/(\d+)$/.exec(rel);
    if (method === 'GET' && one) {
      if (!canReadActivities) return json(401, errors['scopeMissing'], h);
      const activity = this.activities.get(one[1] ?? '');
      const owner = (activity?.['athlete'] as { id: number } | undefined)?.id;
      if (!activity || owner !== athlete.id) return json(404, errors['notFound'], h);
      return json(200, activity, h);
    }
    if (method === 'GET' && rel === '/athlete/activities') {
      if (!canReadActivities) return json(401, errors['scopeMissing'], h);
      const after = Number(url.searchParams.get('after') ?? 0);
      const before = Number(url.searchParams.get('before') ?? Number.MAX_SAFE_INTEGER);
      const page = Number(url.searchParams.get('page') ?? 1);
      const perPage = Math.min(200, Number(url.searchParams.get('per_page') ?? 30));
      const mine = [...this.activities.values()]
        .filter((a) => (a['athlete'] as { id: number }).id === athlete.id)
        .map((a) => ({ a, t: Date.parse(String(a['start_date'])) / 1000 }))
        .filter(({ t }) => t > after && t < before)
        .sort((x, y) => x.t - y.t)
        .map(({ a }) => summaryOf(a));
      return json(200, mine.slice((page - 1) * perPage, page * perPage), h);
    }
    return json(404, { message: 'Resource Not Found', errors: [] }, h);
  }

  private pushSubscriptions(url: URL, method: string, rel: string, h: Record<string, string>): Response {
    if (method === 'GET') {
      if (url.searchParams.get('client_secret') !== this.clientSecret) return json(401, { message: 'Authorization Error', errors: [] }, h);
      return json(200, this.subscriptions.map((s) => ({ id: s.id, resource_state: 2, application_id: Number(this.clientId), callback_url: s.callback_url, created_at: '2026-11-01T10:00:00Z', updated_at: '2026-11-01T10:00:00Z' })), h);
    }
    const del = /^\/push_subscriptions\/(\d+)$/.exec(rel);
    if (method === 'DELETE' && del) {
      const i = this.subscriptions.findIndex((s) => String(s.id) === del[1]);
      if (i < 0) return json(404, { message: 'Resource Not Found', errors: [] }, h);
      this.subscriptions.splice(i, 1);
      return new Response(null, { status: 204, headers: h });
    }
    return json(405, { message: 'Method Not Allowed', errors: [] }, h);
  }

  private async createSubscription(form: URLSearchParams): Promise<Response> {
    const h = this.limitHeaders();
    if (form.get('client_secret') !== this.clientSecret) return json(401, { message: 'Authorization Error', errors: [] }, h);
    if (this.subscriptions.length > 0) return json(400, { message: 'Bad Request', errors: [{ resource: 'PushSubscription', field: 'callback url', code: 'already exists' }] }, h);
    const id = 120_475 + this.subscriptions.length;
    this.subscriptions.push({ id, callback_url: form.get('callback_url') ?? '', verify_token: form.get('verify_token') ?? '' });
    return json(201, { id }, h);
  }

  private async oauth(request: Request, method: string, rel: string): Promise<Response> {
    const errors = STRAVA_FIXTURES.errors();
    if (method !== 'POST') return json(404, { message: 'Resource Not Found', errors: [] });
    const form = new URLSearchParams(await request.text());
    if (rel === '/token') {
      if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
        return json(401, { message: 'Bad Request', errors: [{ resource: 'Application', field: 'client_id', code: 'invalid' }] });
      }
      const nowS = Math.floor(this.now() / 1000);
      if (form.get('grant_type') === 'authorization_code') {
        const grant = this.codes.get(form.get('code') ?? '');
        if (!grant) return json(400, errors['codeInvalid']);
        this.codes.delete(form.get('code') ?? '');
        const athlete = this.athletes.get(grant.athleteId) ?? this.addAthlete(grant.athleteId);
        athlete.scopes = grant.scopes;
        athlete.accessToken = newToken('acc');
        athlete.refreshToken = newToken('ref');
        athlete.expiresAtS = nowS + TOKEN_TTL_S;
        athlete.revoked = false;
        const template = STRAVA_FIXTURES.tokenExchange();
        return json(200, {
          ...template,
          access_token: athlete.accessToken,
          refresh_token: athlete.refreshToken,
          expires_at: athlete.expiresAtS,
          expires_in: TOKEN_TTL_S,
          athlete: { ...(template['athlete'] as object), id: athlete.id, firstname: athlete.firstname, lastname: athlete.lastname, sex: athlete.sex },
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const athlete = [...this.athletes.values()].find((a) => !a.revoked && a.refreshToken === form.get('refresh_token'));
        if (!athlete) return json(400, errors['refreshInvalid']);
        athlete.accessToken = newToken('acc');
        if (this.rotate) athlete.refreshToken = newToken('ref');
        athlete.expiresAtS = nowS + TOKEN_TTL_S;
        return json(200, { token_type: 'Bearer', access_token: athlete.accessToken, expires_at: athlete.expiresAtS, expires_in: TOKEN_TTL_S, refresh_token: athlete.refreshToken });
      }
      return json(400, { message: 'Bad Request', errors: [{ resource: 'Application', field: 'grant_type', code: 'invalid' }] });
    }
    if (rel === '/revoke') {
      const expected = `Basic ${btoa(`${this.clientId}:${this.clientSecret}`)}`;
      if (request.headers.get('authorization') !== expected) return json(401, { message: 'Authorization Error', errors: [] });
      const token = form.get('token');
      const athlete = [...this.athletes.values()].find((a) => a.accessToken === token || a.refreshToken === token);
      if (athlete) athlete.revoked = true;
      return json(200, {});
    }
    return json(404, { message: 'Resource Not Found', errors: [] });
  }
}

/** The SummaryActivity form of a stored activity (list endpoints omit detail-only fields). */
function summaryOf(activity: Record<string, unknown>): Record<string, unknown> {
  const { laps, splits_metric, best_efforts, perceived_exertion, prefer_perceived_exertion, description, calories, embed_token, photos, ...summary } = activity;
  return { ...summary, resource_state: 2 };
}

export function createStravaSim(opts: StravaSimOptions): StravaSim {
  return new StravaSim(opts);
}

/** msw handlers serving the simulation at its API and OAuth base URLs. */
export function stravaHandlers(sim: StravaSim): HttpHandler[] {
  return [
    http.all(`${sim.apiUrl}/*`, ({ request }) => sim.handle(request)),
    http.all(`${sim.oauthUrl}/*`, ({ request }) => sim.handle(request)),
  ];
}
