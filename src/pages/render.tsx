/** Helpers every page uses: the CSP, compression, the signed-in guard, HTML error pages. */
import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { every } from 'hono/combine';
import type { Child } from 'hono/jsx';
import { AppError } from '../core/errors';
import type { User } from '../db/repositories/users';
import type { AppEnv } from '../http/env';
import { Layout, type LayoutProps } from './layout';
import { LoginForm } from './forms';
import { flashOf, readFlash } from './flash';
import { countUsers } from '../account/store';

/** Only the app's own scripts and styles; no inline script, no framing, forms post to us only. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const csp: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('content-security-policy', CSP);
  c.header('cache-control', 'no-store');
  c.header('vary', 'cookie');
};

/** Middleware for page routes: CSP, no caching, gzip, the one-time flash message. */
export const pageMiddleware = every(csp, compress(), readFlash);

/** Whether anyone may create an account now: a fresh install (the owner's) or `SIGNUP=open`. */
export async function signupOpen(c: Context<AppEnv>): Promise<boolean> {
  return c.var.deps.config.SIGNUP === 'open' || (await countUsers(c.var.deps.db)) === 0;
}

export async function render(c: Context<AppEnv>, props: Omit<LayoutProps, 'children' | 'user' | 'signup'>, body: Child, status: 200 | 401 | 403 | 404 | 410 | 422 | 429 = 200) {
  const user = c.get('user');
  // the "Sign up" link only where sign-up works without an invitation
  const signup = user ? false : await signupOpen(c);
  return c.html(
    <Layout {...props} user={user} signup={signup} flash={flashOf(c)}>
      {body}
    </Layout>,
    status,
  );
}

/** The signed-in user, or a 401 page with the sign-in form (no redirect: the status stays honest). */
export async function signedIn(c: Context<AppEnv>): Promise<User | Response> {
  const user = c.get('user');
  if (user) return user;
  const next = c.req.path + (new URL(c.req.url).search || '');
  return render(c, { title: 'Sign in' }, <LoginForm next={next} signup={await signupOpen(c)} />, 401);
}

/** Render an AppError as a page (the JSON error handler stays for the API). */
export function errorPage(c: Context<AppEnv>, error: unknown, title = 'Something went wrong') {
  if (!(error instanceof AppError)) throw error;
  const status = ([401, 403, 404, 410, 422, 429] as const).find((s) => s === error.status) ?? 422;
  // API messages are written lower-case to follow a field name; on a page they are a sentence
  const sentence = `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}${/[.!?]$/.test(error.message) ? '' : '.'}`;
  return render(c, { title }, <p class="notice" role="alert">{sentence}</p>, status);
}
