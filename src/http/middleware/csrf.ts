/**
 * Cross-site request forgery guard for state-changing requests authenticated by the session
 * cookie. `SameSite=Lax` does not stop a page of the same *site* (another port or subdomain of the
 * host) from posting forms with the cookie, so the browser's own statement of where a request
 * comes from is checked:
 * - `Sec-Fetch-Site: same-origin` (or `none`, typed by the user) → allowed;
 * - any other `Sec-Fetch-Site` → refused;
 * - without it, an `Origin` equal to PUBLIC_URL's (or the request's own) origin → allowed, any
 *   other `Origin` (`null` included) → refused;
 * - neither header → allowed: only non-browser clients omit both, and they cannot be made to
 *   send someone else's cookie.
 * Requests with `Authorization: Bearer` (API tokens) and without the session cookie are not
 * cookie-authenticated and pass; provider webhooks carry no cookie either.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { forbidden } from '../../core/errors';
import { type AppEnv, SESSION_COOKIE } from '../env';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether a browser request with these headers comes from this app's own pages. */
export function isSameOriginRequest(headers: { secFetchSite?: string | undefined; origin?: string | undefined }, allowedOrigins: ReadonlySet<string>): boolean {
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site) return site === 'same-origin' || site === 'none';
  if (headers.origin === undefined) return true;
  return allowedOrigins.has(headers.origin.trim().toLowerCase());
}

export function csrfGuard(publicUrl: string): MiddlewareHandler<AppEnv> {
  const publicOrigin = originOf(publicUrl)?.toLowerCase();
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.header('authorization')?.toLowerCase().startsWith('bearer ')) return next();
    if (getCookie(c, SESSION_COOKIE) === undefined) return next();
    const allowed = new Set<string>();
    if (publicOrigin) allowed.add(publicOrigin);
    const own = originOf(c.req.url)?.toLowerCase();
    if (own) allowed.add(own);
    if (!isSameOriginRequest({ secFetchSite: c.req.header('sec-fetch-site'), origin: c.req.header('origin') }, allowed)) {
      c.var.log?.warn('cross-origin state-changing request refused', { method: c.req.method, path: c.req.path });
      throw forbidden('cross-origin request refused: send it from this app\'s own pages');
    }
    return next();
  };
}
