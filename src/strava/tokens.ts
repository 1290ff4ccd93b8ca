/**
 * Access tokens for Strava calls. A token is refreshed a few minutes before it expires, by one
 * worker at a time per athlete: the refresher claims a lease on the connection row with a
 * conditional UPDATE; the others re-read the row (the new token) or wait. The rotated refresh
 * token is persisted before the new access token is used, and a refused refresh marks the
 * connection as needing re-consent instead of retrying forever.
 */
import { audit } from '../db/repositories/audit';
import { type ConnectionRow, type ConnectionTokens, markConnection, readTokens, refreshUnderLease } from '../db/repositories/connections';
import type { AppDeps } from '../deps';
import { PermanentJobError } from '../core/errors';
import { isStravaError } from '../../integrations/strava';
import { stravaRuntime } from './runtime';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'fetch' | 'logger' | 'secrets'>;

/** Refresh when less than this is left (Strava tokens live 6 h). */
const REFRESH_MARGIN_MS = 5 * 60_000;
const LEASE_MS = 30_000;

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
    return await refreshLeased(deps, connection, tokens, ['active'], margin);
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
    await refreshLeased(deps, connection, tokens, ['active', 'needs_reconsent'], REFRESH_MARGIN_MS);
    return 'authorized';
  } catch (error) {
    if (error instanceof RefreshRefused) return 'refused';
    throw error;
  }
}

/** Refresh by one worker at a time (`refreshUnderLease`); returns the new access token. Throws RefreshRefused when Strava refuses. */
async function refreshLeased(deps: Deps, connection: ConnectionRow, tokens: ConnectionTokens, statuses: Array<ConnectionRow['status']>, margin: number): Promise<string> {
  try {
    const fresh = await refreshUnderLease(deps, connection, tokens, {
      label: `Strava connection of athlete ${connection.externalId}`,
      statuses,
      marginMs: margin,
      leaseMs: LEASE_MS,
      refresh: async (refreshToken) => {
        const answer = await stravaRuntime(deps).oauth.refresh(refreshToken);
        deps.logger.debug('strava token refreshed', { athleteId: connection.externalId, rotated: answer.refresh_token !== refreshToken });
        return { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresAtMs: answer.expires_at * 1000 };
      },
    });
    return fresh.accessToken;
  } catch (error) {
    if (isStravaError(error, 'refresh_invalid', 'bad_request', 'token_invalid')) {
      throw new RefreshRefused(`Strava refused the refresh token of athlete ${connection.externalId}: re-consent needed`);
    }
    throw error;
  }
}
