/**
 * @module integrations/google-calendar/client
 * A small Calendar v3 REST client over an injected fetch. It refreshes the access token when it
 * is about to expire, and once more on a 401 before giving up.
 */
import { IntegrationError } from '../../src/core/errors';
import { CALENDAR_TIMEOUT_MS, fetchWithTimeout, isTimeout, timeoutError } from '../shared/http';
import { googleError, networkError } from './errors';
import { type GoogleTokens, refreshTokens } from './oauth';

/** Where the sealed tokens live; the core implements it over the calendar target row. */
export interface GoogleTokenStore {
  read(): Promise<GoogleTokens>;
  save(tokens: GoogleTokens): Promise<void>;
}

export interface GoogleApiOptions {
  fetch: typeof fetch;
  apiUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  tokens: GoogleTokenStore;
  now: () => number;
  /** per request, body included (default CALENDAR_TIMEOUT_MS) */
  timeoutMs?: number;
}

export interface GoogleResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

const EXPIRY_MARGIN_MS = 60_000;

export interface GoogleApi {
  /**
   * Call the API. A 2xx, or a status listed in `expect`, is returned; anything else throws a
   * mapped IntegrationError.
   */
  call(what: string, method: string, path: string, init?: { query?: Record<string, string>; body?: unknown; expect?: readonly number[] }): Promise<GoogleResponse>;
}

export function createGoogleApi(options: GoogleApiOptions): GoogleApi {
  let cached: GoogleTokens | undefined;
  const what = 'Google Calendar';
  const fetchFn = fetchWithTimeout(options.fetch, what, options.timeoutMs);

  async function refresh(current: GoogleTokens): Promise<GoogleTokens> {
    const next = await refreshTokens(fetchFn, { tokenUrl: options.tokenUrl, clientId: options.clientId, clientSecret: options.clientSecret }, current, options.now());
    // Persist before use, so a crash never leaves us holding the only copy.
    await options.tokens.save(next);
    cached = next;
    return next;
  }

  async function accessToken(): Promise<GoogleTokens> {
    const current = cached ?? (await options.tokens.read());
    cached = current;
    return current.expiresAtMs - EXPIRY_MARGIN_MS <= options.now() ? refresh(current) : current;
  }

  /** One request, its body read within the same time limit. */
  async function send(method: string, url: string, token: string, body: unknown): Promise<{ res: Response; text: string }> {
    try {
      const res = await fetchFn(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { res, text: await res.text() };
    } catch (cause) {
      if (cause instanceof IntegrationError) throw cause;
      if (isTimeout(cause)) throw timeoutError(what, options.timeoutMs ?? CALENDAR_TIMEOUT_MS, cause);
      throw networkError(method, cause);
    }
  }

  return {
    async call(what, method, path, init = {}) {
      const url = new URL(`${options.apiUrl}${path}`);
      for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
      let tokens = await accessToken();
      let { res, text } = await send(method, url.toString(), tokens.accessToken, init.body);
      if (res.status === 401) {
        tokens = await refresh(tokens);
        ({ res, text } = await send(method, url.toString(), tokens.accessToken, init.body));
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      if (res.ok || init.expect?.includes(res.status)) return { status: res.status, body, headers: res.headers };
      throw googleError(what, res.status, body, res.headers, options.now());
    },
  };
}
