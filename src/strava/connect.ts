/**
 * Connecting Strava: the authorize redirect and the callback. The callback burns the signed
 * state, exchanges the code (one delayed retry: Strava sometimes refuses a code used
 * immediately), records the granted scopes, finds or creates the runner, stores the tokens
 * sealed, opens a session and queues the backfill. A runner who unticked activity access is
 * still connected but told what is missing.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { audit } from '../db/repositories/audit';
import { createAuthSession } from '../db/repositories/auth';
import { type ConnectionRow, connectionsOfUser, findConnection, upsertConnection } from '../db/repositories/connections';
import { type ProviderAppStatusView, readProviderAppStatus, viewProviderAppStatus } from '../db/repositories/provider-status';
import { getUser, type User } from '../db/repositories/users';
import { createAccount, mayCreateAccount } from '../account/accounts';
import { athleteSettingsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { badRequest } from '../core/errors';
import { isStravaError, lacksActivityAccess, missingScopes, parseScopes, STRAVA_SCOPES, type TokenResponse } from '../../integrations/strava';
import { consumeOAuthState, issueBoundOAuthState } from '../account/oauth-state';
import { backfillJob, firstBackfillPage } from './backfill';
import { stravaRuntime } from './runtime';

const CODE_RETRY_DELAY_MS = 2_000;

function stravaCallbackUrl(deps: Pick<AppDeps, 'config'>): string {
  return `${deps.config.PUBLIC_URL}/auth/strava/callback`;
}

/**
 * The Strava authorize URL with a fresh signed single-use state, and the browser binding the
 * caller sets as a cookie (the callback requires it back).
 */
export async function startStravaConnect(deps: AppDeps, userId: string | undefined): Promise<{ url: string; binding: string }> {
  const strava = stravaRuntime(deps);
  const { state, binding } = await issueBoundOAuthState(deps, 'strava', userId);
  return { url: strava.oauth.authorizeUrl({ redirectUri: stravaCallbackUrl(deps), state, scope: STRAVA_SCOPES }), binding };
}

export interface ConnectResult {
  user: User;
  connection: ConnectionRow;
  sessionToken: string;
  grantedScopes: string[];
  missingScopes: string[];
  backfillQueued: boolean;
}

async function exchange(deps: AppDeps, code: string, wait: (ms: number) => Promise<void>): Promise<TokenResponse> {
  const { oauth } = stravaRuntime(deps);
  try {
    return await oauth.exchangeCode(code);
  } catch (error) {
    if (!isStravaError(error, 'code_invalid')) throw error;
    deps.logger.info('strava code exchange refused; retrying once');
    await wait(CODE_RETRY_DELAY_MS);
    try {
      return await oauth.exchangeCode(code);
    } catch (retryError) {
      if (isStravaError(retryError, 'code_invalid')) throw badRequest('Strava refused the authorization code; connect again');
      throw retryError;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function completeStravaConnect(
  deps: AppDeps,
  input: { code?: string | undefined; scope?: string | undefined; state?: string | undefined; error?: string | undefined; binding: string | undefined },
  opts: { wait?: (ms: number) => Promise<void> } = {},
): Promise<ConnectResult> {
  stravaRuntime(deps);
  const { userId: stateUserId } = await consumeOAuthState(deps, 'strava', input.state, { binding: input.binding });
  if (input.error) throw badRequest(input.error === 'access_denied' ? 'Strava access was not granted' : `Strava answered: ${input.error}`);
  if (!input.code) throw badRequest('missing authorization code');
  const tokens = await exchange(deps, input.code, opts.wait ?? sleep);
  const athlete = tokens.athlete;
  if (!athlete) throw badRequest('Strava did not say which athlete connected');
  const granted = parseScopes(input.scope);
  const now = deps.clock.now();

  const existing = await findConnection(deps.db, 'strava', athlete.id);
  let user = existing ? await getUser(deps.db, existing.userId) : undefined;
  if (!user && stateUserId) user = await getUser(deps.db, stateUserId);
  if (!user) {
    const displayName = [athlete.firstname, athlete.lastname].filter(Boolean).join(' ') || null;
    await mayCreateAccount(deps);
    user = await createAccount(deps, { displayName, how: 'strava' });
  }
  const sex = athlete.sex === 'M' ? 'm' : athlete.sex === 'F' ? 'f' : undefined;
  if (sex) {
    await deps.db
      .update(athleteSettingsTable)
      .set({ sex, updatedAtMs: now })
      .where(and(eq(athleteSettingsTable.userId, user.id), isNull(athleteSettingsTable.sex)));
  }
  const connection = await upsertConnection(deps.db, deps.secrets, {
    userId: user.id,
    provider: 'strava',
    externalId: athlete.id,
    scopes: granted.join(','),
    tokens: { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAtMs: tokens.expires_at * 1000 },
    nowMs: now,
  });
  const sessionToken = await createAuthSession(deps.db, user.id, now);
  const canSync = !lacksActivityAccess(granted);
  if (canSync) await deps.jobs.enqueue(backfillJob(firstBackfillPage(deps, athlete.id)));
  const missing = missingScopes(granted);
  await audit(deps.db, { userId: user.id, actor: `user:${user.id}`, action: 'strava.connected', detail: { athleteId: athlete.id, scopes: granted, missing } });
  return { user, connection, sessionToken, grantedScopes: granted, missingScopes: missing, backfillQueued: canSync };
}

export interface ConnectionView {
  provider: string;
  externalId: string;
  status: ConnectionRow['status'];
  needsReconsent: boolean;
  scopes: string[];
  missingScopes: string[];
  lastError: string | null;
  connectedAtMs: number;
  updatedAtMs: number;
  /** Strava connections: an app-wide outage (e.g. Strava deactivated the app), null when none */
  appStatus?: ProviderAppStatusView | null;
}

/** The runner's connections as shown to them: status and scopes, never tokens. */
export async function listConnections(deps: Pick<AppDeps, 'db'>, userId: string): Promise<ConnectionView[]> {
  const rows = await connectionsOfUser(deps.db, userId);
  const stravaApp = rows.some((r) => r.provider === 'strava') ? viewProviderAppStatus(await readProviderAppStatus(deps.db)) : null;
  return rows.map((r) => {
    const scopes = parseScopes(r.scopes);
    const missing = r.provider === 'strava' && r.status !== 'revoked' ? missingScopes(scopes) : [];
    return {
      provider: r.provider,
      externalId: r.externalId,
      status: r.status,
      needsReconsent: r.status === 'needs_reconsent' || (r.provider === 'strava' && r.status === 'active' && lacksActivityAccess(scopes)),
      scopes,
      missingScopes: missing,
      lastError: r.lastError,
      connectedAtMs: r.createdAtMs,
      updatedAtMs: r.updatedAtMs,
      ...(r.provider === 'strava' ? { appStatus: stravaApp } : {}),
    };
  });
}
