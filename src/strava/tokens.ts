/**
 * Access tokens for Strava calls. A token is refreshed a few minutes before it expires, by one
 * worker at a time per athlete: the refresher claims a lease on the connection row with a
 * conditional UPDATE; the others re-read the row (the new token) or wait. The rotated refresh
 * token is persisted before the new access token is used, and a refused refresh marks the
 * connection as needing re-consent instead of retrying forever.
 */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { audit } from '../db/repositories/audit';
import { type ConnectionRow, type ConnectionTokens, findConnection, markConnection, readTokens, saveTokens } from '../db/repositories/connections';
import { connectionsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { JobDeferred, PermanentJobError } from '../core/errors';
import { isStravaError } from '../../integrations/strava';
import { stravaRuntime } from './runtime';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'fetch' | 'logger' | 'secrets'>;

/** Refresh when less than this is left (Strava tokens live 6 h). */
const REFRESH_MARGIN_MS = 5 * 60_000;
const LEASE_MS = 30_000;

async function reload(deps: Deps, connection: ConnectionRow): Promise<ConnectionRow> {
  const row = await findConnection(deps.db, 'strava', connection.externalId);
  if (!row) throw new PermanentJobError(`Strava connection of athlete ${connection.externalId} is gone`);
  return row;
}

function assertUsable(row: ConnectionRow): void {
  if (row.status !== 'active') throw new PermanentJobError(`Strava connection of athlete ${row.externalId} is ${row.status}`);
}

/** Strava refused the refresh token: the pair is dead (revoked on strava.com, or rotated away). */
class RefreshRefused extends PermanentJobError {}

/**
 * A valid access token for this connection (refreshed when it expires within `marginMs`, or
 * always with `force`, e.g. after a 401).
 */
export async function accessTokenFor(deps: Deps, connection: ConnectionRow, opts: { force?: boolean; marginMs?: number } = {}): Promise<string> {
  assertUsable(connection);
  const tokens = await readTokens(deps.secrets, connection);
  if (!tokens) throw new PermanentJobError(`Strava connection of athlete ${connection.externalId} has no tokens`);
  const margin = opts.marginMs ?? REFRESH_MARGIN_MS;
  if (!opts.force && tokens.expiresAtMs - deps.clock.now() > margin) return tokens.accessToken;
  try {
    return await refreshUnderLease(deps, connection, tokens, ['active'], margin);
  } catch (error) {
    if (error instanceof RefreshRefused) {
      await markConnection(deps.db, connection.id, 'needs_reconsent', 'Strava refused the refresh token; reconnect Strava', deps.clock.now());
      await audit(deps.db, { userId: connection.userId, actor: 'system', action: 'strava.needs_reconsent', detail: { athleteId: connection.externalId, reason: 'refresh refused' } });
    }
    throw error;
  }
}

/**
 * Ask Strava whether it still honours this connection's tokens, by refreshing them (under the
 * refresh lease, so a concurrent refresh cannot make a valid pair look refused). 'refused' only
 * when Strava answered that the refresh token is invalid; an unreachable Strava throws its
 * StravaApiError, another worker refreshing throws JobDeferred.
 */
export async function confirmStravaAccess(deps: Deps, connection: ConnectionRow): Promise<'authorized' | 'refused'> {
  const tokens = await readTokens(deps.secrets, connection);
  if (!tokens) return 'refused';
  try {
    await refreshUnderLease(deps, connection, tokens, ['active', 'needs_reconsent'], REFRESH_MARGIN_MS);
    return 'authorized';
  } catch (error) {
    if (error instanceof RefreshRefused) return 'refused';
    throw error;
  }
}

/** Refresh by one worker at a time; returns the new access token. Throws RefreshRefused when Strava refuses. */
async function refreshUnderLease(deps: Deps, connection: ConnectionRow, tokens: ConnectionTokens, statuses: Array<ConnectionRow['status']>, margin: number): Promise<string> {
  const now = deps.clock.now();
  // Claim the refresh, but only if nobody holds it and the tokens are still the ones we saw.
  const claimed = await deps.db
    .update(connectionsTable)
    .set({ refreshLeaseUntilMs: now + LEASE_MS })
    .where(
      and(
        eq(connectionsTable.id, connection.id),
        inArray(connectionsTable.status, statuses),
        or(isNull(connectionsTable.refreshLeaseUntilMs), lt(connectionsTable.refreshLeaseUntilMs, now)),
        sql`coalesce(${connectionsTable.expiresAtMs}, 0) = ${connection.expiresAtMs ?? 0}`,
      ),
    )
    .returning({ id: connectionsTable.id });
  if (claimed.length === 0) {
    const row = await reload(deps, connection);
    if (!statuses.includes(row.status)) throw new PermanentJobError(`Strava connection of athlete ${row.externalId} is ${row.status}`);
    const current = await readTokens(deps.secrets, row);
    // Another worker refreshed meanwhile: Strava accepted the pair, use the new token.
    if (current && (row.expiresAtMs ?? 0) !== (connection.expiresAtMs ?? 0) && current.expiresAtMs - now > margin) return current.accessToken;
    throw new JobDeferred(now + 2_000, 'another worker is refreshing this Strava token');
  }

  const release = () => deps.db.update(connectionsTable).set({ refreshLeaseUntilMs: null }).where(eq(connectionsTable.id, connection.id));
  try {
    const fresh = await stravaRuntime(deps).oauth.refresh(tokens.refreshToken);
    const next = { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresAtMs: fresh.expires_at * 1000 };
    // Persist first: once Strava has rotated the refresh token, the old one is dead.
    await saveTokens(deps.db, deps.secrets, connection.id, next, deps.clock.now());
    deps.logger.debug('strava token refreshed', { athleteId: connection.externalId, rotated: fresh.refresh_token !== tokens.refreshToken });
    return next.accessToken;
  } catch (error) {
    await release();
    if (isStravaError(error, 'refresh_invalid', 'bad_request', 'token_invalid')) {
      throw new RefreshRefused(`Strava refused the refresh token of athlete ${connection.externalId}: re-consent needed`);
    }
    throw error;
  }
}
