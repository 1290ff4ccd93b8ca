/**
 * Strava OAuth against the configured `STRAVA_OAUTH_URL` (strava-v3 hard-codes www.strava.com
 * and has no revoke): authorize URL, code exchange, refresh, and `POST /oauth/revoke` with HTTP
 * Basic client authentication (the successor of `/oauth/deauthorize`, retired 2027-06-01).
 */
import { badResponse, fromNetworkError, fromResponse, parseRateLimitHeaders } from './errors';
import { TokenResponse } from './wire';
import { basicAuthHeader } from '../shared/http';

/** What hardday asks for: all activities (incl. "Only You") and the full profile (HR zones). */
export const STRAVA_SCOPES = ['read', 'activity:read_all', 'profile:read_all'] as const;

export interface StravaOAuthOptions {
  fetch: typeof fetch;
  /** e.g. `https://www.strava.com/oauth` */
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  now: () => number;
  /** called once per request that got an answer (to count calls) */
  onResponse?: (status: number) => void;
}

export interface StravaOAuth {
  authorizeUrl(input: { redirectUri: string; state: string; scope?: readonly string[]; force?: boolean }): string;
  exchangeCode(code: string): Promise<TokenResponse>;
  refresh(refreshToken: string): Promise<TokenResponse>;
  /** Revoke the pair the token belongs to (access or refresh token). */
  revoke(token: string, hint?: 'access_token' | 'refresh_token'): Promise<void>;
}

export function createStravaOAuth(opts: StravaOAuthOptions): StravaOAuth {
  async function post(what: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await opts.fetch(`${opts.oauthUrl}/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
        body: new URLSearchParams(fields).toString(),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (error) {
      throw fromNetworkError(error, what);
    }
    let text = '';
    try {
      text = await response.text();
    } catch (error) {
      throw fromNetworkError(error, what);
    }
    opts.onResponse?.(response.status);
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) throw fromResponse(response.status, json, parseRateLimitHeaders(response.headers), opts.now(), what);
    return json;
  }

  function tokens(json: unknown, what: string): TokenResponse {
    const parsed = TokenResponse.safeParse(json);
    if (!parsed.success) throw badResponse(what, parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
    return parsed.data;
  }

  return {
    authorizeUrl({ redirectUri, state, scope = STRAVA_SCOPES, force = false }) {
      const q = new URLSearchParams({
        client_id: opts.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        approval_prompt: force ? 'force' : 'auto',
        scope: scope.join(','),
        state,
      });
      return `${opts.oauthUrl}/authorize?${q.toString()}`;
    },
    async exchangeCode(code) {
      const what = 'POST /oauth/token (authorization_code)';
      return tokens(await post(what, 'token', { client_id: opts.clientId, client_secret: opts.clientSecret, code, grant_type: 'authorization_code' }), what);
    },
    async refresh(refreshToken) {
      const what = 'POST /oauth/token (refresh_token)';
      return tokens(
        await post(what, 'token', { client_id: opts.clientId, client_secret: opts.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken }),
        what,
      );
    },
    async revoke(token, hint) {
      await post('POST /oauth/revoke', 'revoke', { token, ...(hint ? { token_type_hint: hint } : {}) }, { Authorization: basicAuthHeader(opts.clientId, opts.clientSecret) });
    },
  };
}

/** Scopes Strava says were granted (`scope` on the callback, comma- or space-separated). */
export function parseScopes(scope: string | undefined | null): string[] {
  return (scope ?? '').split(/[\s,]+/).filter(Boolean);
}

/** The activity-access scopes this app needs, minus what was granted. */
export function missingScopes(granted: readonly string[]): string[] {
  // activity:read alone still syncs, but misses runs marked "Only You": still worth reporting.
  return ['activity:read_all', 'profile:read_all'].filter((s) => !granted.includes(s));
}

/** True when the runner withheld every activity scope: nothing can be synced. */
export function lacksActivityAccess(granted: readonly string[]): boolean {
  return !granted.includes('activity:read_all') && !granted.includes('activity:read');
}
