/**
 * A small stateful stand-in for Garmin's OAuth 2.0 (PKCE) token endpoint and the Activity API
 * user endpoints, answering with the documented shapes: token JSON, `{ "userId" }`, the
 * permission list, 204 on registration delete, 202 on backfill (409 when a window is asked twice),
 * ping callback URLs answering summary arrays, `{ "errorMessage" }` envelopes on errors.
 */
import { createHash } from 'node:crypto';
import { http, type HttpHandler } from 'msw';

export const GARMIN_API_URL = 'https://apis.garmin.test';
export const GARMIN_OAUTH_URL = 'https://connect.garmin.test/oauth2Confirm';
export const GARMIN_TOKEN_URL = 'https://diauth.garmin.test/di-oauth2-service/oauth/token';
export const GARMIN_ENV = {
  GARMIN_CLIENT_ID: 'garmin-client-0001',
  GARMIN_CLIENT_SECRET: 'garmin-secret',
  GARMIN_API_URL,
  GARMIN_OAUTH_URL,
  GARMIN_TOKEN_URL,
};

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json;charset=UTF-8' } });

export interface GarminUser {
  userId: string;
  permissions: string[];
  accessToken?: string;
  /** the one refresh token Garmin honours (each refresh rotates it) */
  refreshToken?: string;
  registered: boolean;
}

export class GarminSim {
  readonly users = new Map<string, GarminUser>();
  readonly calls: Array<{ method: string; path: string; status: number }> = [];
  readonly backfills: Array<{ userId: string; start: number; end: number }> = [];
  /** summaries a ping callback answers, by callback token */
  readonly pings = new Map<string, Record<string, unknown>[]>();
  /** while set, refresh-token calls wait for it (to hold a refresh in flight) */
  refreshGate: Promise<void> | undefined;
  /** refresh-token calls received, counted on arrival (before the gate) */
  refreshesArrived = 0;
  private codes = new Map<string, { userId: string; challenge: string; redirectUri: string }>();
  private n = 0;

  addUser(userId: string, permissions = ['ACTIVITY_EXPORT', 'HISTORICAL_DATA_EXPORT', 'WORKOUT_IMPORT']): GarminUser {
    const u: GarminUser = { userId, permissions, registered: true };
    this.users.set(userId, u);
    return u;
  }

  /** The consent page's answer: a code bound to the PKCE challenge the app sent. */
  grantCode(userId: string, authorizeUrl: string): string {
    const url = new URL(authorizeUrl);
    const code = `code-${++this.n}`;
    this.codes.set(code, { userId, challenge: url.searchParams.get('code_challenge') ?? '', redirectUri: url.searchParams.get('redirect_uri') ?? '' });
    return code;
  }

  /** A ping callback URL on the API host that answers `summaries` (single use, like activity files). */
  pingUrl(summaries: Record<string, unknown>[]): string {
    const token = `pull-${++this.n}`;
    this.pings.set(token, summaries);
    return `${GARMIN_API_URL}/wellness-api/rest/activities?uploadStartTimeInSeconds=1763600000&uploadEndTimeInSeconds=1763686400&token=${token}`;
  }

  count(method: string, path: RegExp): number {
    return this.calls.filter((c) => c.method === method && path.test(c.path)).length;
  }

  private userOf(request: Request): GarminUser | undefined {
    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
    return [...this.users.values()].find((u) => u.accessToken === token && u.registered);
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const res = await this.route(request, url);
    this.calls.push({ method: request.method, path: url.pathname, status: res.status });
    return res;
  }

  private async route(request: Request, url: URL): Promise<Response> {
    if (request.url.startsWith(GARMIN_TOKEN_URL)) {
      const form = new URLSearchParams(await request.text());
      if (form.get('client_id') !== GARMIN_ENV.GARMIN_CLIENT_ID || form.get('client_secret') !== GARMIN_ENV.GARMIN_CLIENT_SECRET) return json(401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'refresh_token') {
        this.refreshesArrived++;
        await this.refreshGate;
        const owner = [...this.users.values()].find((u) => u.refreshToken !== undefined && u.refreshToken === form.get('refresh_token'));
        if (!owner) return json(400, { error: 'invalid_grant', error_description: 'refresh token is invalid or was rotated' });
        owner.accessToken = `access-${++this.n}`;
        owner.refreshToken = `refresh-${this.n}`;
        return json(200, { access_token: owner.accessToken, token_type: 'bearer', expires_in: 86_400, refresh_token: owner.refreshToken, refresh_token_expires_in: 7_775_999, scope: 'PARTNER_READ' });
      }
      if (form.get('grant_type') !== 'authorization_code') return json(400, { error: 'unsupported_grant_type' });
      const grant = this.codes.get(form.get('code') ?? '');
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get('redirect_uri')) return json(400, { error: 'invalid_grant' });
      this.codes.delete(form.get('code') ?? '');
      const user = this.users.get(grant.userId) ?? this.addUser(grant.userId);
      user.accessToken = `access-${++this.n}`;
      user.refreshToken = `refresh-${this.n}`;
      user.registered = true;
      return json(200, { access_token: user.accessToken, token_type: 'bearer', expires_in: 86_400, refresh_token: user.refreshToken, refresh_token_expires_in: 7_775_999, scope: 'PARTNER_READ' });
    }
    const user = this.userOf(request);
    const p = url.pathname;
    if (p === '/wellness-api/rest/activities' && url.searchParams.has('token')) {
      if (!user) return json(401, { errorMessage: 'Unable to identify user' });
      const summaries = this.pings.get(url.searchParams.get('token') ?? '');
      if (!summaries) return json(410, { errorMessage: 'callback already used' });
      this.pings.delete(url.searchParams.get('token') ?? '');
      return json(200, summaries);
    }
    if (!user) return json(401, { errorMessage: 'Unable to identify user' });
    if (request.method === 'GET' && p === '/wellness-api/rest/user/id') return json(200, { userId: user.userId });
    if (request.method === 'GET' && p === '/wellness-api/rest/user/permissions') return json(200, user.permissions);
    if (request.method === 'DELETE' && p === '/wellness-api/rest/user/registration') {
      user.registered = false;
      return new Response(null, { status: 204 });
    }
    if (request.method === 'GET' && p === '/wellness-api/rest/backfill/activities') {
      if (!user.permissions.includes('HISTORICAL_DATA_EXPORT')) return json(403, { errorMessage: 'User has not granted HISTORICAL_DATA_EXPORT' });
      const start = Number(url.searchParams.get('summaryStartTimeInSeconds'));
      const end = Number(url.searchParams.get('summaryEndTimeInSeconds'));
      if (end - start > 30 * 86_400) return json(400, { errorMessage: 'range over 30 days' });
      if (this.backfills.some((b) => b.userId === user.userId && b.start === start)) return json(409, { errorMessage: 'duplicate backfill' });
      this.backfills.push({ userId: user.userId, start, end });
      return new Response(null, { status: 202 });
    }
    return json(404, { errorMessage: 'not found' });
  }
}

export function garminHandlers(sim: GarminSim): HttpHandler[] {
  return [
    http.all(`${GARMIN_API_URL}/*`, ({ request }) => sim.handle(request)),
    http.all(GARMIN_TOKEN_URL, ({ request }) => sim.handle(request)),
  ];
}

/** A push-mode activity summary as Garmin documents it. */
export function activitySummary(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userId: '4aacafe82427c251df9c9592d0c06768',
    summaryId: '5001968355',
    activityId: 5001968355,
    activityName: 'Lunch Run',
    activityType: 'RUNNING',
    startTimeInSeconds: 1795003200, // 2026-11-18T12:00:00Z
    startTimeOffsetInSeconds: 3600,
    durationInSeconds: 2880,
    distanceInMeters: 9012.5,
    averageSpeedInMetersPerSecond: 3.13,
    averageHeartRateInBeatsPerMinute: 152,
    maxHeartRateInBeatsPerMinute: 171,
    activeKilocalories: 612,
    totalElevationGainInMeters: 64,
    deviceName: 'forerunner965',
    ...fields,
  };
}
