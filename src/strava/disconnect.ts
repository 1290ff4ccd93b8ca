/**
 * Ending a Strava connection, from either side. The athlete revoked on strava.com (webhook) or
 * disconnected here (revoke at Strava first): stop their Strava jobs (queued and running), delete the Strava
 * activities and tokens (Strava API Agreement), keep the connection row as a `revoked`
 * tombstone, audit it, and replan without the data.
 */
import { deleteActivitiesOfUser } from '../db/repositories/activities';
import { audit } from '../db/repositories/audit';
import { type ConnectionRow, connectionsOfUser, dropTokens, readTokens } from '../db/repositories/connections';
import type { AppDeps } from '../deps';
import { AppError, notFound } from '../core/errors';
import { isStravaError } from '../../integrations/strava';
import { requestReplan } from '../planning/request';
import { cancelJobs, forgetJobs } from '../queue/queue';
import { deleteDaysOn } from '../db/repositories/planning';
import { forgetStravaEventsOf, stravaActivityDates, stravaJobsOf } from './store';
import { stravaRuntime } from './runtime';

/**
 * Stop, purge, tombstone, audit. Idempotent. A job still running for the athlete cannot bring
 * data back: it loses its lease here, and every store is conditional on an active connection.
 */
export async function purgeStravaAthlete(
  deps: Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'logger'>,
  connection: ConnectionRow,
  by: { actor: string; action: string },
): Promise<{ activitiesDeleted: number; jobsCancelled: number }> {
  const now = deps.clock.now();
  // Tokens first: from here on no store for this athlete succeeds, so the delete below is final.
  await dropTokens(deps.db, connection.id, now);
  const jobsCancelled = await cancelJobs(deps.db, deps.clock.now(), stravaJobsOf(connection.externalId), by.action);
  // Everything derived from the athlete's Strava data goes too: the days those activities
  // classified (the replan rewrites them without), the events and tombstones naming activity
  // ids, and the finished jobs whose payloads name them.
  const dates = await stravaActivityDates(deps.db, connection.userId);
  const activitiesDeleted = await deleteActivitiesOfUser(deps.db, connection.userId, 'strava');
  await deleteDaysOn(deps.db, connection.userId, dates);
  await forgetStravaEventsOf(deps, connection.externalId);
  await forgetJobs(deps.db, stravaJobsOf(connection.externalId));
  await audit(deps.db, {
    userId: connection.userId,
    actor: by.actor,
    action: by.action,
    detail: { athleteId: connection.externalId, activitiesDeleted, jobsCancelled },
  });
  deps.logger.info('strava athlete purged', { athleteId: connection.externalId, activitiesDeleted, reason: by.action });
  await requestReplan(deps, connection.userId);
  return { activitiesDeleted, jobsCancelled };
}

/**
 * The runner disconnects Strava: revoke the token pair at Strava, then purge. If Strava cannot
 * be reached the purge waits (502), so the app does not keep an authorization it can no longer
 * revoke; a token Strava already considers dead is purged at once.
 */
export async function disconnectStrava(deps: AppDeps, userId: string): Promise<{ activitiesDeleted: number }> {
  const connection = (await connectionsOfUser(deps.db, userId)).find((c) => c.provider === 'strava' && c.status !== 'revoked');
  if (!connection) throw notFound('Strava connection');
  const tokens = await readTokens(deps.secrets, connection);
  if (tokens) {
    try {
      await stravaRuntime(deps).oauth.revoke(tokens.refreshToken, 'refresh_token');
    } catch (error) {
      if (!isStravaError(error, 'token_invalid', 'bad_request', 'refresh_invalid', 'not_found')) {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'could not reach Strava to revoke access; try again', { cause: error });
      }
      deps.logger.info('strava revoke: token already invalid', { athleteId: connection.externalId });
    }
  }
  const { activitiesDeleted } = await purgeStravaAthlete(deps, connection, { actor: `user:${userId}`, action: 'strava.disconnected' });
  return { activitiesDeleted };
}
