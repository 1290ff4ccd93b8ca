/**
 * Garmin routes: connect (OAuth 2.0 + PKCE; the verifier is derived from the signed state, so
 * nothing but the single-use state is stored), disconnect (DELETE of the user registration at
 * Garmin, then purge), and the push/ping endpoints `POST /webhooks/garmin/<type>`: the
 * `garmin-client-id` header must be ours; each entry goes into the durable inbox with a job to
 * process it, and Garmin gets its 200 at once.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { consumeOAuthState, issueBoundOAuthState, OAUTH_STATE_TTL_S, oauthBindingCookie } from '../account/oauth-state';
import { sha256Hex, timingSafeEqual } from '../core/crypto';
import { AppError, badRequest, notFound, unauthorized } from '../core/errors';
import { GARMIN_JOB, PRIORITY } from '../core/jobs';
import { connectionsOfUser, readTokens, upsertConnection } from '../db/repositories/connections';
import { webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/middleware/auth';
import { authorizeUrl, exchangeCode, GARMIN_PUSH_TYPES, type GarminPushType, isGarminError, Notification, pkceChallenge } from '../../integrations/garmin';
import { garminAccessToken, garminClient, garminConfigured, garminOAuth, garminRedirectUri } from './runtime';
import { garminEventJob } from './jobs';
import { cancelGarminJobs, purgeGarminUser } from './store';

/** Garmin pushes up to 10 MB per notification (Activity Details more; not subscribed here). */
const PUSH_BODY_LIMIT = 10 * 1024 * 1024;
const BINDING = oauthBindingCookie('garmin');

/** The PKCE verifier of one flow: an HMAC of its state (43 base64url characters). */
const verifierOf = (deps: Pick<AppDeps, 'secrets'>, state: string) => deps.secrets.sign(`garmin-pkce:${state}`);

function dedupeKey(type: GarminPushType, entry: Record<string, unknown>, contentHash: string, nowMs: number): string {
  const user = String(entry['userId'] ?? '');
  if (type === 'activities' || type === 'manuallyUpdatedActivities') return `${type}:${user}:${String(entry['summaryId'] ?? 'ping')}:${contentHash}`;
  // lifecycle notifications are idempotent; each delivery is handled
  return `${type}:${user}:${nowMs}:${contentHash}`;
}

export function garminRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const secure = deps.config.PUBLIC_URL.startsWith('https://');
  const bindingCookie = { path: '/auth/garmin', httpOnly: true, sameSite: 'Lax', secure } as const;

  app.get('/auth/garmin', async (c) => {
    const user = requireUser(c);
    const oauth = garminOAuth(deps);
    const { state, binding } = await issueBoundOAuthState(deps, 'garmin', user.id);
    const challenge = await pkceChallenge(await verifierOf(deps, state));
    setCookie(c, BINDING, binding, { ...bindingCookie, maxAge: OAUTH_STATE_TTL_S });
    return c.redirect(authorizeUrl(oauth, { state, challenge, redirectUri: garminRedirectUri(deps) }), 302);
  });

  app.get('/auth/garmin/callback', async (c) => {
    const oauth = garminOAuth(deps);
    const state = c.req.query('state');
    const { userId } = await consumeOAuthState(deps, 'garmin', state, { binding: getCookie(c, BINDING) });
    deleteCookie(c, BINDING, bindingCookie);
    if (c.req.query('error')) return c.redirect('/?garmin=denied', 302);
    const code = c.req.query('code');
    if (!code) throw badRequest('missing code');
    if (!userId) throw unauthorized('sign in, then connect Garmin');
    const now = deps.clock.now();
    const tokens = await exchangeCode(oauth, { code, verifier: await verifierOf(deps, state as string), redirectUri: garminRedirectUri(deps) }, now);
    const client = garminClient(deps);
    const garminUserId = await client.userId(tokens.accessToken);
    const permissions = await client.permissions(tokens.accessToken);
    await upsertConnection(deps.db, deps.secrets, { userId, provider: 'garmin', externalId: garminUserId, scopes: permissions.join(','), tokens, nowMs: now });
    await deps.jobs.enqueue({ kind: GARMIN_JOB.backfill, payload: { garminUserId }, idempotencyKey: `garmin-backfill:${garminUserId}:${now}`, priority: PRIORITY.backfill });
    return c.redirect('/', 302);
  });

  app.delete('/api/me/connections/garmin', async (c) => {
    const user = requireUser(c);
    const connection = (await connectionsOfUser(deps.db, user.id)).find((x) => x.provider === 'garmin' && x.status !== 'revoked');
    if (!connection) throw notFound('Garmin connection');
    if (await readTokens(deps.secrets, connection)) {
      try {
        await garminClient(deps).deleteRegistration(await garminAccessToken(deps, connection));
      } catch (error) {
        // a registration Garmin no longer knows (or a token it refuses) is gone already
        if (!isGarminError(error, 'token_invalid', 'not_found')) throw new AppError('UPSTREAM_UNAVAILABLE', 'could not reach Garmin to end the registration; try again', { cause: error });
      }
    }
    await cancelGarminJobs(deps, connection.externalId, 'garmin disconnected');
    const activitiesDeleted = await purgeGarminUser(deps, connection, { actor: `user:${user.id}`, action: 'garmin.disconnected' });
    return c.json({ disconnected: true, activitiesDeleted });
  });

  app.post(
    '/webhooks/garmin/:type',
    bodyLimit({
      maxSize: PUSH_BODY_LIMIT,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `notification over ${PUSH_BODY_LIMIT} bytes`);
      },
    }),
    async (c) => {
      const type = c.req.param('type') as GarminPushType;
      if (!garminConfigured(deps) || !GARMIN_PUSH_TYPES.includes(type)) throw notFound(`Garmin notification type ${c.req.param('type')}`);
      const clientId = c.req.header('garmin-client-id') ?? '';
      if (!timingSafeEqual(clientId, deps.config.GARMIN_CLIENT_ID ?? '')) throw unauthorized('unknown garmin-client-id');
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw badRequest('the notification is not JSON');
      }
      const parsed = Notification.safeParse(body);
      if (!parsed.success) throw badRequest(`the notification is not a Garmin ${type} notification`);
      const now = deps.clock.now();
      let accepted = 0;
      for (const key of GARMIN_PUSH_TYPES) {
        for (const entry of (parsed.data[key] ?? []) as Array<Record<string, unknown>>) {
          const garminUserId = entry['userId'];
          if (typeof garminUserId !== 'string' || garminUserId === '') continue;
          const hash = (await sha256Hex(JSON.stringify(entry))).slice(0, 16);
          const rows = await deps.db
            .insert(webhookInboxTable)
            .values({ provider: 'garmin', dedupeKey: dedupeKey(key, entry, hash, now), payload: { type: key, entry }, receivedAtMs: now })
            .onConflictDoNothing()
            .returning({ id: webhookInboxTable.id });
          const inboxId = rows[0]?.id;
          if (inboxId === undefined) continue; // a redelivery
          await deps.jobs.enqueue(garminEventJob(inboxId, garminUserId));
          accepted++;
        }
      }
      return c.json({ accepted });
    },
  );

  return app;
}
