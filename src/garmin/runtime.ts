/**
 * Garmin clients built from config (every base URL configurable), and the user's access token,
 * refreshed shortly before it expires (Garmin rotates the refresh token on every refresh; the new
 * pair is saved before the access token is used).
 */
import { AppError, PermanentJobError } from '../core/errors';
import { type ConnectionRow, markConnection, readTokens, refreshUnderLease } from '../db/repositories/connections';
import type { AppDeps } from '../deps';
import { createGarminClient, type GarminClient, type GarminOAuthOptions, isGarminError, refreshTokens } from '../../integrations/garmin';

const REFRESH_BEFORE_MS = 10 * 60_000;
/** how long a caller waits for another worker's refresh (a request handler among them) */
const REFRESH_WAIT_MS = 10_000;

export function garminConfigured(deps: Pick<AppDeps, 'config'>): boolean {
  return Boolean(deps.config.GARMIN_CLIENT_ID && deps.config.GARMIN_CLIENT_SECRET);
}

export function garminOAuth(deps: Pick<AppDeps, 'config' | 'fetch'>): GarminOAuthOptions {
  const { config } = deps;
  if (!config.GARMIN_CLIENT_ID || !config.GARMIN_CLIENT_SECRET) throw new AppError('NOT_CONFIGURED', 'Garmin is not configured (GARMIN_CLIENT_ID, GARMIN_CLIENT_SECRET)');
  return { clientId: config.GARMIN_CLIENT_ID, clientSecret: config.GARMIN_CLIENT_SECRET, authorizeUrl: config.GARMIN_OAUTH_URL, tokenUrl: config.GARMIN_TOKEN_URL, fetch: deps.fetch };
}

export function garminClient(deps: Pick<AppDeps, 'config' | 'fetch'>): GarminClient {
  return createGarminClient({ apiUrl: deps.config.GARMIN_API_URL, fetch: deps.fetch });
}

export const garminRedirectUri = (deps: Pick<AppDeps, 'config'>) => `${deps.config.PUBLIC_URL}/auth/garmin/callback`;

/**
 * A valid access token for the connection, refreshed by one worker at a time (the connection
 * row's refresh lease, shared with Strava): a caller that finds a refresh under way waits for its
 * token instead of spending the rotated refresh token a second time. A refused refresh stops the
 * connection for re-consent.
 */
export async function garminAccessToken(deps: Pick<AppDeps, 'db' | 'secrets' | 'clock' | 'config' | 'fetch'>, connection: ConnectionRow): Promise<string> {
  const tokens = await readTokens(deps.secrets, connection);
  if (!tokens || connection.status !== 'active') throw new PermanentJobError(`garmin connection ${connection.id} is not active`);
  const now = deps.clock.now();
  if (tokens.expiresAtMs - REFRESH_BEFORE_MS > now) return tokens.accessToken;
  try {
    const fresh = await refreshUnderLease(deps, connection, tokens, {
      label: `garmin connection ${connection.id}`,
      statuses: ['active'],
      marginMs: REFRESH_BEFORE_MS,
      waitMs: REFRESH_WAIT_MS,
      refresh: (refreshToken) => refreshTokens(garminOAuth(deps), refreshToken, deps.clock.now()),
    });
    return fresh.accessToken;
  } catch (error) {
    if (isGarminError(error, 'token_invalid', 'bad_request', 'permission_missing')) {
      await markConnection(deps.db, connection.id, 'needs_reconsent', 'Garmin refused the refresh token: connect Garmin again', now);
      throw new PermanentJobError('garmin refresh refused; connection needs re-consent');
    }
    throw error;
  }
}
