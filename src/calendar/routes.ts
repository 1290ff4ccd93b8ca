/**
 * Calendar routes: the private ICS feed (`/calendar/<secret>.ics`), its management, calendar
 * targets (CalDAV and Google), the Google OAuth callback, and training-plan sources.
 * The feed secret only ever appears in the path, which the logger masks.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { verifyCalDavLogin } from '../../integrations/caldav';
import { buildAuthorizeUrl, exchangeCode, type GoogleOAuthConfig } from '../../integrations/google-calendar';
import { isGoogleEnabled } from '../core/config';
import type { AppDeps } from '../deps';
import { AppError, forbidden, IntegrationError, notFound, validation } from '../core/errors';
import { getFeedLinks, renderFeedForSecret, rotateFeed } from './feed';
import { addPlanSource, deletePlanSource, planSourcesOf, viewPlanSource } from './plan-sources';
import { assertUserUrl, userUrlFetch } from './sinks';
import { removeRemoteEvents } from './cleanup';
import { type CalendarTargetRow, connectTarget, deleteTarget, targetsOfUser, viewTarget } from './targets';
import { consumeOAuthState, issueOAuthState } from '../account/oauth-state';
import { requestCalendarSync } from '../planning/request';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/middleware/auth';
import { readJson } from '../http/validate';

const FEED_MAX_AGE_S = 300;

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

const CalendarTargetInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('caldav'),
      url: httpUrl,
      username: z.string().trim().min(1).max(200),
      password: z.string().min(1).max(500),
      /** an existing calendar to write into, instead of creating ours */
      calendarUrl: httpUrl.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('google') }).strict(),
]);

const PlanSourceInput = z.object({ url: z.string().trim().min(1).max(2_000) }).strict();

function googleOAuthConfig(deps: AppDeps): GoogleOAuthConfig {
  const { config } = deps;
  if (!isGoogleEnabled(config) || !config.GOOGLE_CLIENT_ID || !config.GOOGLE_CLIENT_SECRET) {
    throw new AppError('NOT_CONFIGURED', 'Google Calendar is not configured on this server');
  }
  return {
    authUrl: config.GOOGLE_AUTH_URL,
    tokenUrl: config.GOOGLE_TOKEN_URL,
    clientId: config.GOOGLE_CLIENT_ID,
    clientSecret: config.GOOGLE_CLIENT_SECRET,
    redirectUri: `${config.PUBLIC_URL}/auth/google/callback`,
  };
}

function sameUrl(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return !a && !b;
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/** Same server, username and calendar (targets saved before `calendarUrl` was kept in settings: their container). */
function sameCalDavAccount(row: CalendarTargetRow, input: { serverUrl: string; username: string; calendarUrl?: string }): boolean {
  const s = row.settings;
  if (!sameUrl(s.serverUrl, input.serverUrl) || s.username !== input.username) return false;
  if (s.calendarUrl || !input.calendarUrl) return sameUrl(s.calendarUrl, input.calendarUrl);
  return sameUrl(row.containerId ?? undefined, input.calendarUrl);
}

/** `"a", W/"b"` → true when any listed tag equals ours (weak comparison, RFC 9110 §13.1.2). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}

export function calendarRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** The private feed. Unknown or rotated secret → 404; unchanged since the client's copy → 304. */
  app.get('/calendar/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.ics')) throw notFound('calendar feed');
    const feed = await renderFeedForSecret(c.var.deps, file.slice(0, -4));
    if (!feed) throw notFound('calendar feed');
    const headers = {
      etag: feed.etag,
      'last-modified': new Date(feed.lastModifiedMs).toUTCString(),
      'cache-control': `private, max-age=${FEED_MAX_AGE_S}`,
    };
    const ifNoneMatch = c.req.header('if-none-match');
    const ifModifiedSince = c.req.header('if-modified-since');
    const notModified = ifNoneMatch !== undefined
      ? etagMatches(ifNoneMatch, feed.etag)
      : ifModifiedSince !== undefined && Math.floor(feed.lastModifiedMs / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000);
    if (notModified) return c.body(null, 304, headers);
    return c.body(feed.body, 200, { ...headers, 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="hardday.ics"' });
  });

  app.get('/api/me/calendar-feed', async (c) => {
    const user = requireUser(c);
    return c.json(await getFeedLinks(c.var.deps, user.id));
  });

  app.post('/api/me/calendar-feed/rotate', async (c) => {
    const user = requireUser(c);
    return c.json(await rotateFeed(c.var.deps, user.id));
  });

  app.get('/api/me/calendars', async (c) => {
    const user = requireUser(c);
    const targets = await targetsOfUser(c.var.deps.db, user.id);
    return c.json({ calendars: targets.map(viewTarget) });
  });

  app.post('/api/me/calendars', async (c) => {
    const user = requireUser(c);
    const deps = c.var.deps;
    const input = await readJson(c, CalendarTargetInput);
    if (input.kind === 'google') {
      // Validate first (Google configured?): a refused request writes no state row.
      const oauth = googleOAuthConfig(deps);
      const state = await issueOAuthState(deps, 'google', user.id);
      return c.json({ authorizeUrl: buildAuthorizeUrl(oauth, state) });
    }
    // Checked before anything is sent: the server must not probe its own network for a runner.
    assertUserUrl(deps, input.url, 'url');
    if (input.calendarUrl) assertUserUrl(deps, input.calendarUrl, 'calendarUrl');
    const credentials = { serverUrl: input.url, username: input.username, password: input.password };
    try {
      await verifyCalDavLogin(credentials, userUrlFetch(deps), () => deps.clock.now(), deps.config.CALENDAR_TIMEOUT_MS);
    } catch (error) {
      if (!(error instanceof IntegrationError)) throw error;
      // Our own message only: it names a status class, never the server's body.
      const message = error.code === 'DISCONNECTED'
        ? 'the CalDAV server refused this username and password (use an app-specific password)'
        : `could not log in to a CalDAV server at this URL (${error.message})`;
      throw validation(message, { fields: [{ field: error.code === 'DISCONNECTED' ? 'password' : 'url', message }] });
    }
    const settings = { serverUrl: input.url, username: input.username, ...(input.calendarUrl ? { calendarUrl: input.calendarUrl } : {}) };
    // The same account and calendar again (a new app password): update that target, never a
    // second one writing the same resources.
    const { row, created } = await connectTarget(
      deps,
      { userId: user.id, kind: 'caldav', settings, credentials: { password: input.password }, containerId: input.calendarUrl ?? null },
      (t) => sameCalDavAccount(t, settings),
    );
    await requestCalendarSync(deps, user.id);
    return c.json(viewTarget(row), created ? 201 : 200);
  });

  app.delete('/api/me/calendars/:id', async (c) => {
    const user = requireUser(c);
    const id = c.req.param('id');
    if (!(await targetsOfUser(c.var.deps.db, user.id)).some((t) => t.id === id)) throw notFound('calendar');
    // best effort: the events hardday pushed go first (a failure is logged, the target still goes)
    await removeRemoteEvents(c.var.deps, user.id, { targetIds: [id] });
    if (!(await deleteTarget(c.var.deps.db, user.id, id))) throw notFound('calendar');
    return c.body(null, 204);
  });

  /**
   * Google's redirect after consent: store the tokens sealed, then sync. The signed-in runner must
   * be the one who started the flow (the state carries their id): otherwise someone could make a
   * victim click their authorize URL and get the victim's calendar tokens onto their account.
   */
  app.get('/auth/google/callback', async (c) => {
    const deps = c.var.deps;
    const user = requireUser(c);
    // The user is checked before the state is burned: a refused callback leaves the runner's flow usable.
    const { userId } = await consumeOAuthState(deps, 'google', c.req.query('state'), undefined, { userId: user.id });
    if (!userId) throw new AppError('BAD_REQUEST', 'OAuth state carries no runner; start again from the settings page');
    if (userId !== user.id) throw forbidden('this Google authorization was started from another account; sign in to that account, or connect again from your settings');
    if (c.req.query('error')) return c.redirect('/?calendar=google-denied');
    const code = c.req.query('code');
    if (!code) throw new AppError('BAD_REQUEST', 'missing OAuth code');
    const tokens = await exchangeCode(deps.fetch, googleOAuthConfig(deps), code, deps.clock.now());
    // Reconnecting (needs_reconsent, disabled) updates the runner's Google target: one target,
    // one "hardday training" calendar.
    await connectTarget(deps, { userId, kind: 'google', settings: {}, credentials: tokens }, () => true);
    await requestCalendarSync(deps, userId);
    return c.redirect('/?calendar=google-connected');
  });

  app.get('/api/me/plan-sources', async (c) => {
    const user = requireUser(c);
    const rows = await planSourcesOf(c.var.deps.db, user.id);
    return c.json({ planSources: await Promise.all(rows.map((r) => viewPlanSource(c.var.deps, r))) });
  });

  app.post('/api/me/plan-sources', async (c) => {
    const user = requireUser(c);
    const { url } = await readJson(c, PlanSourceInput);
    const { row, created } = await addPlanSource(c.var.deps, user.id, url);
    return c.json(await viewPlanSource(c.var.deps, row), created ? 201 : 200);
  });

  app.delete('/api/me/plan-sources/:id', async (c) => {
    const user = requireUser(c);
    if (!(await deletePlanSource(c.var.deps, user.id, c.req.param('id')))) throw notFound('plan source');
    return c.body(null, 204);
  });

  return app;
}
