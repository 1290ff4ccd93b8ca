/**
 * Strava over HTTP: connect (`/auth/strava`, callback), the webhook endpoint (handshake + events),
 * disconnect, and the runner's connection list. With Strava unconfigured the Strava routes
 * answer 503 NOT_CONFIGURED.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isStravaEnabled } from '../core/config';
import { SESSION_TTL_MS } from '../db/repositories/auth';
import type { AppDeps } from '../deps';
import { AppError, badRequest } from '../core/errors';
import { timingSafeEqual } from '../core/crypto';
import { HandshakeQuery } from '../../integrations/strava/wire';
import { completeStravaConnect, listConnections, startStravaConnect } from './connect';
import { OAUTH_STATE_TTL_S, oauthBindingCookie } from '../account/oauth-state';
import { disconnectStrava } from './disconnect';
import { ingestStravaEvent } from './ingest';
import { type AppEnv, SESSION_COOKIE } from '../http/env';
import { requireUser } from '../http/middleware/auth';
import { readJsonBody } from '../http/validate';

function requireStrava(c: Context<AppEnv>): AppDeps {
  const deps = c.var.deps;
  if (!isStravaEnabled(deps.config)) throw new AppError('NOT_CONFIGURED', 'Strava is not configured on this server');
  return deps;
}

/**
 * Why a browser's Strava connect did not complete, as the code `/start?strava_error=` shows in
 * plain words: the athlete refused, unticked activity access, the flow expired or was started in
 * another browser, or Strava failed.
 */
function stravaErrorCode(query: Record<string, string>, error: unknown): string {
  if (query['error'] === 'access_denied') return 'access_denied';
  if (query['error']) return 'refused';
  if (error instanceof AppError && /OAuth state/.test(error.message)) return 'expired';
  if (error instanceof AppError && error.code === 'FORBIDDEN') return 'other_account';
  if (error instanceof AppError && error.status >= 500) return 'unavailable';
  return 'failed';
}

const wantsJson = (c: Context<AppEnv>) => (c.req.header('accept') ?? '').includes('application/json');
/** A browser navigating (it asks for HTML first): it is sent back to the start page with the reason. */
const isBrowser = (c: Context<AppEnv>) => !wantsJson(c) && (c.req.header('accept') ?? '').includes('text/html');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function missingScopesPage(missing: string[]): string {
  const items = missing.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strava connected: access missing</title></head>
<body><h1>Strava is connected, but some access is missing</h1>
<p>hardday needs these permissions to see your runs and plan around them:</p><ul>${items}</ul>
<p>Without "View data about your private activities" your runs marked "Only You" are not seen, and without activity access nothing syncs.</p>
<p><a href="/auth/strava">Connect Strava again and tick every box</a> · <a href="/">Continue to hardday</a></p></body></html>`;
}


export function stravaRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const BINDING = oauthBindingCookie('strava');
  const bindingCookie = { path: '/auth/strava', httpOnly: true, sameSite: 'Lax' } as const;

  app.get('/auth/strava', async (c) => {
    const d = requireStrava(c);
    const { url, binding } = await startStravaConnect(d, c.get('user')?.id);
    // Lax: sent on Strava's top-level redirect back to the callback, not on cross-site subrequests.
    setCookie(c, BINDING, binding, { ...bindingCookie, secure: d.config.PUBLIC_URL.startsWith('https://'), maxAge: OAUTH_STATE_TTL_S });
    return c.redirect(url, 302);
  });

  app.get('/auth/strava/callback', async (c) => {
    const d = requireStrava(c);
    const q = c.req.query();
    const binding = getCookie(c, BINDING);
    deleteCookie(c, BINDING, { ...bindingCookie, secure: d.config.PUBLIC_URL.startsWith('https://') });
    let result: Awaited<ReturnType<typeof completeStravaConnect>>;
    try {
      result = await completeStravaConnect(d, { code: q['code'], scope: q['scope'], state: q['state'], error: q['error'], binding });
    } catch (error) {
      // API clients get the JSON error; a browser goes back to the start page with the reason.
      if (!isBrowser(c) || !(error instanceof AppError)) throw error;
      return c.redirect(`/start?strava_error=${stravaErrorCode(q, error)}`, 302);
    }
    setCookie(c, SESSION_COOKIE, result.sessionToken, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: d.config.PUBLIC_URL.startsWith('https://'),
      path: '/',
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    if (result.missingScopes.length === 0) return c.redirect('/', 302);
    const body = { connected: true, athleteId: result.connection.externalId, missingScopes: result.missingScopes, syncing: result.backfillQueued };
    if (wantsJson(c)) return c.json(body, 200);
    if (isBrowser(c)) return c.redirect('/start?strava_error=missing_scope', 302);
    return c.html(missingScopesPage(result.missingScopes), 200);
  });

  app.get('/webhooks/strava', (c) => {
    const d = requireStrava(c);
    const parsed = HandshakeQuery.safeParse(c.req.query());
    if (!parsed.success) throw badRequest('not a Strava subscription handshake');
    if (!timingSafeEqual(parsed.data['hub.verify_token'], d.config.STRAVA_VERIFY_TOKEN ?? '')) {
      c.var.log.warn('strava handshake with a wrong verify token');
      throw new AppError('FORBIDDEN', 'verify token mismatch');
    }
    return c.json({ 'hub.challenge': parsed.data['hub.challenge'] }, 200);
  });

  app.post('/webhooks/strava', async (c) => {
    const d = requireStrava(c);
    await ingestStravaEvent({ ...d, logger: c.var.log }, await readJsonBody(c));
    // The same answer whatever became of the event: queued, duplicate or dropped (another
    // subscription, unknown owner) must not be told apart by a sender probing for ids.
    return c.json({ ok: true }, 200);
  });

  app.get('/api/me/connections', async (c) => {
    const user = requireUser(c);
    return c.json({ connections: await listConnections(c.var.deps, user.id) });
  });

  app.delete('/api/me/connections/strava', async (c) => {
    const d = requireStrava(c);
    const user = requireUser(c);
    const result = await disconnectStrava(d, user.id);
    return c.json({ disconnected: true, activitiesDeleted: result.activitiesDeleted });
  });

  return app;
}
