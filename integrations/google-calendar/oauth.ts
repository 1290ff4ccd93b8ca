/**
 * @module integrations/google-calendar/oauth
 * Authorization-code flow with the narrow `calendar.app.created` scope: the app can only touch
 * calendars it created, which is all we need.
 */
import { IntegrationError } from '../../src/core/errors';
import { networkError } from './errors';
import { GoogleOAuthError, GoogleTokenResponse } from './wire';

export const GOOGLE_CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.app.created';

export interface GoogleOAuthConfig {
  authUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface GoogleTokens {
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
  scope?: string;
}

/** The consent page URL. `prompt=consent` makes Google issue a refresh token every time. */
export function buildAuthorizeUrl(config: GoogleOAuthConfig, state: string): string {
  const url = new URL(config.authUrl);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    response_type: 'code',
    scope: GOOGLE_CALENDAR_SCOPE,
    access_type: 'offline',
    prompt: 'consent',
    include_granted_scopes: 'false',
    state,
  }).toString();
  return url.toString();
}

async function tokenRequest(fetchFn: typeof fetch, config: GoogleOAuthConfig, form: Record<string, string>, nowMs: number): Promise<GoogleTokenResponse> {
  let res: Response;
  try {
    res = await fetchFn(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: config.clientId, client_secret: config.clientSecret, ...form }).toString(),
    });
  } catch (cause) {
    throw networkError('token request', cause);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) {
    const parsed = GoogleTokenResponse.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new IntegrationError('UPSTREAM_UNAVAILABLE', 'Google token response was malformed', { retryable: true, upstreamStatus: res.status });
  }
  if (res.status >= 500 || res.status === 429) {
    throw new IntegrationError('UPSTREAM_UNAVAILABLE', `Google token endpoint answered ${res.status}`, { retryable: true, upstreamStatus: res.status, retryAtMs: nowMs + 60_000 });
  }
  const oauth = GoogleOAuthError.safeParse(body);
  // invalid_grant: revoked, expired (6 months unused, 7-day testing apps) or rotated out.
  throw new IntegrationError('DISCONNECTED', `Google refused the token request (${oauth.success ? oauth.data.error : res.status}); reconnect the calendar`, {
    retryable: false,
    upstreamStatus: res.status,
  });
}

/** Exchange the callback's code. Throws FORBIDDEN when the runner unticked the calendar scope. */
export async function exchangeCode(fetchFn: typeof fetch, config: GoogleOAuthConfig, code: string, nowMs: number): Promise<GoogleTokens> {
  const t = await tokenRequest(fetchFn, config, { grant_type: 'authorization_code', code, redirect_uri: config.redirectUri }, nowMs);
  if (!t.refresh_token) {
    throw new IntegrationError('BAD_REQUEST', 'Google did not issue a refresh token; connect again', { retryable: false });
  }
  // Granular consent lets the runner untick scopes: check what was granted.
  if (t.scope !== undefined && !t.scope.split(/\s+/).includes(GOOGLE_CALENDAR_SCOPE)) {
    throw new IntegrationError('FORBIDDEN', 'calendar access was not granted; connect again and allow hardday to create its calendar', { retryable: false });
  }
  return { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAtMs: nowMs + t.expires_in * 1000, ...(t.scope ? { scope: t.scope } : {}) };
}

/** A fresh access token; Google usually keeps the refresh token, so the old one is kept then. */
export async function refreshTokens(fetchFn: typeof fetch, config: Omit<GoogleOAuthConfig, 'authUrl' | 'redirectUri'> & { redirectUri?: string; authUrl?: string }, tokens: GoogleTokens, nowMs: number): Promise<GoogleTokens> {
  const t = await tokenRequest(fetchFn, { authUrl: '', redirectUri: '', ...config }, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, nowMs);
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? tokens.refreshToken,
    expiresAtMs: nowMs + t.expires_in * 1000,
    ...(t.scope ?? tokens.scope ? { scope: t.scope ?? tokens.scope } : {}),
  };
}
