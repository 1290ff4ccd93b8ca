/** HTTP helpers shared by the account API and the pages: the session cookie and the caller's address. */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_TTL_MS } from '../db/repositories/auth';
import { type AppEnv, SESSION_COOKIE } from '../http/env';

function cookieOptions(c: Context<AppEnv>) {
  return { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.PUBLIC_URL.startsWith('https://') } as const;
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: Math.floor(SESSION_TTL_MS / 1000) });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

export function sessionToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/**
 * The caller's address for throttling: the socket's peer on Node (@hono/node-server puts the
 * request in `env.incoming`), Cloudflare's `cf-connecting-ip` on Workers. Behind a reverse proxy on
 * Node every caller shares the proxy's address, so per-account throttling is what holds there.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? c.req.header('cf-connecting-ip') ?? 'unknown';
}
