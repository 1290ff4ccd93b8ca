/**
 * Garmin data in and out: storing a summary (only while the connection is active and the user
 * grants ACTIVITY_EXPORT), and purging a user (deregistration, disconnect). Activities go through
 * the activities repository, so a Garmin run also synced from Strava or imported from a file is
 * one record with several origins, and a purge keeps what the other sources hold.
 */
import { audit } from '../db/repositories/audit';
import { deleteActivitiesOfUser, upsertActivity } from '../db/repositories/activities';
import { type ConnectionRow, dropTokens, findConnection } from '../db/repositories/connections';
import type { AppDeps } from '../deps';
import { requestReplan } from '../planning/request';
import { cancelJobs } from '../queue/queue';
import { ACTIVITY_EXPORT, type ActivitySummary, toNewActivity } from '../../integrations/garmin';

export const canReadActivities = (c: Pick<ConnectionRow, 'status' | 'scopes'>): boolean => c.status === 'active' && c.scopes.split(',').includes(ACTIVITY_EXPORT);

/** Store the summaries that belong to the connection's user; returns how many were stored. */
export async function storeGarminSummaries(deps: Pick<AppDeps, 'db' | 'clock'>, connection: ConnectionRow, summaries: readonly ActivitySummary[]): Promise<number> {
  let stored = 0;
  for (const s of summaries) {
    if (s.userId !== connection.externalId || s.isParent) continue;
    // re-read: a deregistration or a withdrawn permission processed meanwhile wins
    const current = await findConnection(deps.db, 'garmin', connection.externalId);
    if (!current || !canReadActivities(current)) break;
    await upsertActivity(deps.db, connection.userId, toNewActivity(s), deps.clock.now());
    stored++;
  }
  return stored;
}

export const garminJobsOf = (garminUserId: string) => ({ kindPrefix: 'garmin.', payloadField: 'garminUserId', equals: garminUserId });

/** Stop, drop tokens (the row stays as a revoked tombstone), delete Garmin's records, audit, replan. */
export async function purgeGarminUser(deps: Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'logger'>, connection: ConnectionRow, by: { actor: string; action: string }): Promise<number> {
  const now = deps.clock.now();
  await dropTokens(deps.db, connection.id, now);
  const activitiesDeleted = await deleteActivitiesOfUser(deps.db, connection.userId, 'garmin', now);
  await audit(deps.db, { userId: connection.userId, actor: by.actor, action: by.action, detail: { garminUserId: connection.externalId, activitiesDeleted } });
  deps.logger.info('garmin user purged', { activitiesDeleted, reason: by.action });
  await requestReplan(deps, connection.userId);
  return activitiesDeleted;
}

/** Cancel queued Garmin work of one user (not the job calling it: it finishes its own row). */
export async function cancelGarminJobs(deps: Pick<AppDeps, 'db' | 'clock'>, garminUserId: string, reason: string): Promise<number> {
  return cancelJobs(deps.db, deps.clock.now(), garminJobsOf(garminUserId), reason);
}
