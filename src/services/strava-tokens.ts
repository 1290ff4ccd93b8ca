/**
 * Access tokens for Strava calls. A token is refreshed a few minutes before it expires, by one
 * worker at a time per athlete: the refresher claims a lease on the connection row with a
 * conditional UPDATE; the others re-read the row (the new token) or wait. The rotated refresh
 * token is persisted before the new access token is used, and a refused refresh marks the
 * connection as needing re-consent instead of retrying forever.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { audit } from '../db/repositories/audit';
import { type ConnectionRow, findConnection, markConnection, readTokens, saveTokens } from '../db/repositories/connections';
import { connectionsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { JobDeferred, PermanentJobError } from '../errors';
import { isStravaError } from '../../integrations/strava';
import { stravaRuntime } from './strava-api';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'fetch' | 'logger' | 'secrets'>;

/** Refresh when less than this is left (Strava tokens live 6 h). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
const LEASE_MS = 30_000;

async function reload(deps: Deps, connection: ConnectionRow): Promise<ConnectionRow> {
  const row = await findConnection(deps.db, 'strava', connection.externalId);
  if (!row) throw new PermanentJobError(`Strava connection of athlete ${connection.externalId} is gone`);
  return row;
}

function assertUsable(row: ConnectionRow): void {
  if (row.status !== 'active') throw new PermanentJobError(`Strava connection of athlete ${row.externalId} is ${row.status}`);
}

/**
 * A valid access token for this connection (refreshed when it expires within `marginMs`, or
 * always with `force`, e.g. after a 401).
 */
export async function accessTokenFor(deps: Deps, connection: ConnectionRow, opts: { force?: boolean; marginMs?: number } = {}): Promise<string> {
  const now = deps.clock.now();
  let row = connection;
  assertUsable(row);
  let tokens = await readTokens(deps.secrets, row);
  if (!tokens) throw new PermanentJobError(`Strava connection of athlete ${row.externalId} has no tokens`);
  const margin = opts.marginMs ?? REFRESH_MARGIN_MS;
  if (!opts.force && tokens.expiresAtMs - now > margin) return tokens.accessToken;

  // Claim the refresh, but only if nobody holds it and the tokens are still the ones we saw.
  const claimed = await deps.db
    .update(connectionsTable)
    .set({ refreshLeaseUntilMs: now + LEASE_MS })
    .where(
      and(
        eq(connectionsTable.id, row.id),
        eq(connectionsTable.status, 'active'),
        or(isNull(connectionsTable.refreshLeaseUntilMs), lt(connectionsTable.refreshLeaseUntilMs, now)),
        sql`coalesce(${connectionsTable.expiresAtMs}, 0) = ${row.expiresAtMs ?? 0}`,
      ),
    )
    .returning({ id: connectionsTable.id });
  if (claimed.length === 0) {
    row = await reload(deps, row);
    assertUsable(row);
    tokens = await readTokens(deps.secrets, row);
    if (tokens && (row.expiresAtMs ?? 0) !== (connection.expiresAtMs ?? 0) && tokens.expiresAtMs - now > margin) return tokens.accessToken;
    throw new JobDeferred(now + 2_000, 'another worker is refreshing this Strava token');
  }

  const release = () => deps.db.update(connectionsTable).set({ refreshLeaseUntilMs: null }).where(eq(connectionsTable.id, row.id));
  try {
    const fresh = await stravaRuntime(deps).oauth.refresh(tokens.refreshToken);
    const next = { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresAtMs: fresh.expires_at * 1000 };
    // Persist first: once Strava has rotated the refresh token, the old one is dead.
    await saveTokens(deps.db, deps.secrets, row.id, next, deps.clock.now());
    await release();
    deps.logger.debug('strava token refreshed', { athleteId: row.externalId, rotated: fresh.refresh_token !== tokens.refreshToken });
    return next.accessToken;
  } catch (error) {
    await release();
    if (isStravaError(error, 'refresh_invalid', 'bad_request', 'token_invalid')) {
      await markConnection(deps.db, row.id, 'needs_reconsent', 'Strava refused the refresh token; reconnect Strava', deps.clock.now());
      await audit(deps.db, { userId: row.userId, actor: 'system', action: 'strava.needs_reconsent', detail: { athleteId: row.externalId, reason: 'refresh refused' } });
      throw new PermanentJobError(`Strava refused the refresh token of athlete ${row.externalId}: re-consent needed`);
    }
    throw error;
  }
}
