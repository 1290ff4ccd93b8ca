/**
 * @module integrations/garmin/oauth
 * Garmin OAuth 2.0 with PKCE (S256): the authorize URL, the code exchange and the refresh (Garmin
 * issues a new refresh token on every refresh). Server-to-server only.
 */
import { toBase64Url } from '../../src/core/crypto';
import { GarminApiError, garminHttpError } from './errors';
import { TokenResponse } from './wire';

export interface GarminOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** GARMIN_OAUTH_URL: the consent page (`…/oauth2Confirm`) */
  authorizeUrl: string;
  /** GARMIN_TOKEN_URL */
  tokenUrl: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

export interface GarminTokens {
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
}

/** The S256 challenge of a PKCE verifier: base64url(sha256(verifier)). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return toBase64Url(new Uint8Array(digest));
}

export function authorizeUrl(o: Pick<GarminOAuthOptions, 'clientId' | 'authorizeUrl'>, input: { state: string; challenge: string; redirectUri: string }): string {
  const url = new URL(o.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', o.clientId);
  url.searchParams.set('code_challenge', input.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  return url.toString();
}

async function tokenCall(o: GarminOAuthOptions, form: Record<string, string>, nowMs: number): Promise<GarminTokens> {
  let res: Response;
  try {
    res = await o.fetch(o.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...form, client_id: o.clientId, client_secret: o.clientSecret }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new GarminApiError('network', 'UPSTREAM_UNAVAILABLE', 'Garmin token endpoint unreachable', { retryable: true, cause: error });
  }
  const text = await res.text();
  if (!res.ok) throw garminHttpError(res.status, text, 'token endpoint');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GarminApiError('bad_response', 'UPSTREAM_UNAVAILABLE', 'Garmin token endpoint answered no JSON', { retryable: true });
  }
  const parsed = TokenResponse.safeParse(json);
  if (!parsed.success) throw new GarminApiError('bad_response', 'UPSTREAM_UNAVAILABLE', 'Garmin token answer has an unexpected shape', { retryable: true });
  return { accessToken: parsed.data.access_token, refreshToken: parsed.data.refresh_token, expiresAtMs: nowMs + parsed.data.expires_in * 1000 };
}

export function exchangeCode(o: GarminOAuthOptions, input: { code: string; verifier: string; redirectUri: string }, nowMs: number): Promise<GarminTokens> {
  return tokenCall(o, { grant_type: 'authorization_code', code: input.code, code_verifier: input.verifier, redirect_uri: input.redirectUri }, nowMs);
}

export function refreshTokens(o: GarminOAuthOptions, refreshToken: string, nowMs: number): Promise<GarminTokens> {
  return tokenCall(o, { grant_type: 'refresh_token', refresh_token: refreshToken }, nowMs);
}
