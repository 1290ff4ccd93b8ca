/**
 * Processing of accepted Strava events (job runner side). Creates and updates are collapsed per
 * activity by a short debounce and fetched once; deletes remove the activity, cancel its fetches
 * and leave a tombstone; a deauthorization, once Strava confirms it (events are unsigned), purges
 * the athlete. Every change asks for a replan (the replan job recomputes days and the
 * plan and queues the calendar sync).
 */
import { and, eq, like, or, sql } from 'drizzle-orm';
import { audit } from '../db/repositories/audit';
import { deleteActivity, findActivity } from '../db/repositories/activities';
import { findConnection } from '../db/repositories/connections';
import { activitiesTable, jobsTable, webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { PermanentJobError } from '../errors';
import { PRIORITY } from '../jobs/queue';
import type { JobRow } from '../jobs/queue';
import { classifyEvent, type FetchedActivity, isStravaError, updateNeedsFetch, WebhookEvent } from '../../integrations/strava';
import { requestReplan } from './replan-request';
import { deferWithTally, retryTally, withStrava } from './strava-api';
import { purgeStravaAthlete } from './strava-disconnect';
import { STRAVA_JOB } from './strava-kinds';
import { cancelJobs, clearDeletionBefore, isDeleted, recordDeletion, storeStravaActivity } from './strava-store';
import { confirmStravaAccess } from './strava-tokens';

/** Back-off for a 404 right after a create (the activity may not be readable yet). */
export const NOT_FOUND_RETRY_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000] as const;

export function fetchJobKey(activityId: string): string {
  return `strava-fetch:${activityId}`;
}

async function finishInbox(deps: Pick<AppDeps, 'db' | 'clock'>, inboxId: number, status: 'processed' | 'dropped', note?: string): Promise<void> {
  await deps.db
    .update(webhookInboxTable)
    .set({ status, processedAtMs: deps.clock.now(), note: note ?? null })
    .where(and(eq(webhookInboxTable.id, inboxId), eq(webhookInboxTable.status, 'pending')));
}

/** Act on one inbox event. Idempotent: a processed row is skipped. */
export async function processStravaEvent(deps: AppDeps, inboxId: number): Promise<void> {
  const rows = await deps.db.select().from(webhookInboxTable).where(eq(webhookInboxTable.id, inboxId)).limit(1);
  const row = rows[0];
  if (row?.status !== 'pending') return;
  const parsed = WebhookEvent.safeParse(row.payload);
  if (!parsed.success) {
    await finishInbox(deps, inboxId, 'dropped', 'unreadable payload');
    return;
  }
  const event = parsed.data;
  const action = classifyEvent(event);
  if (action.kind === 'ignore') {
    await finishInbox(deps, inboxId, 'dropped', action.reason);
    return;
  }
  const connection = await findConnection(deps.db, 'strava', action.athleteId);
  if (!connection || connection.status === 'revoked') {
    await finishInbox(deps, inboxId, 'dropped', connection ? 'connection revoked' : 'unknown owner');
    return;
  }
  const now = deps.clock.now();
  switch (action.kind) {
    case 'athlete.deauthorize': {
      // Anyone can POST this event: purge only when Strava itself refuses the tokens. An
      // unreachable Strava throws (the job waits); it never purges unconfirmed.
      if ((await confirmStravaAccess(deps, connection)) === 'authorized') {
        deps.logger.warn('strava deauthorization event ignored: Strava still accepts the tokens', { athleteId: connection.externalId });
        await audit(deps.db, { userId: connection.userId, actor: 'strava', action: 'strava.deauthorize_ignored', detail: { athleteId: connection.externalId, eventTime: event.event_time } });
        await finishInbox(deps, inboxId, 'dropped', 'deauthorization not confirmed by Strava');
        return;
      }
      await purgeStravaAthlete(deps, connection, { actor: 'strava', action: 'strava.deauthorized' });
      break;
    }
    case 'activity.delete': {
      await recordDeletion(deps, action.activityId, event.event_time);
      await cancelFetches(deps, action.activityId);
      const deleted = await deleteActivity(deps.db, 'strava', action.activityId);
      if (deleted) await requestReplan(deps, deleted.userId);
      break;
    }
    case 'activity.upsert': {
      if (!(await clearDeletionBefore(deps, action.activityId, event.event_time))) {
        await finishInbox(deps, inboxId, 'dropped', 'older than the deletion of the activity');
        return;
      }
      const stored = Object.keys(action.updates).length > 0 ? await findActivity(deps.db, 'strava', action.activityId) : undefined;
      if (stored && !updateNeedsFetch(action.updates)) {
        // A rename or privacy flip: nothing we classify on changed, no need to spend a call.
        const title = action.updates['title'];
        if (title !== undefined) {
          await deps.db.update(activitiesTable).set({ name: title, updatedAtMs: now }).where(eq(activitiesTable.id, stored.id));
        }
        break;
      }
      await deps.jobs.enqueueOrPostpone({
        kind: STRAVA_JOB.fetchActivity,
        payload: { athleteId: action.athleteId, activityId: action.activityId },
        idempotencyKey: fetchJobKey(action.activityId),
        priority: PRIORITY.webhook,
        runAtMs: now + deps.config.STRAVA_FETCH_DELAY_MS,
      });
      break;
    }
  }
  await finishInbox(deps, inboxId, 'processed');
}

/** Cancel every fetch of this activity, queued or running, follow-ups (`#next`, `#<time>`) included. */
async function cancelFetches(deps: Pick<AppDeps, 'db' | 'clock'>, activityId: string): Promise<void> {
  const key = fetchJobKey(activityId);
  await cancelJobs(deps, or(eq(jobsTable.idempotencyKey, key), like(jobsTable.idempotencyKey, `${key}#%`)) ?? sql`false`, 'activity deleted');
}

/** Fetch one activity and upsert it (the debounced job). 404 right after a create is retried. */
export async function fetchStravaActivity(deps: AppDeps, job: JobRow, input: { athleteId: string; activityId: string }): Promise<void> {
  const connection = await findConnection(deps.db, 'strava', input.athleteId);
  if (connection?.status !== 'active') {
    deps.logger.info('strava fetch skipped: connection not active', { athleteId: input.athleteId, status: connection?.status ?? 'none' });
    return;
  }
  if (await isDeleted(deps, input.activityId)) {
    deps.logger.info('strava fetch skipped: activity deleted', { activityId: input.activityId });
    return;
  }
  let fetched: FetchedActivity;
  try {
    fetched = await withStrava(deps, connection, 'webhook', (api, token) => api.getActivity(token, input.activityId));
  } catch (error) {
    if (!isStravaError(error, 'not_found')) throw error;
    // Counted per job in its own tally: outage deferrals do not advance it, nor reset it.
    const tally = retryTally(job);
    const wait = NOT_FOUND_RETRY_MS[tally.notFound];
    if (wait !== undefined) {
      throw deferWithTally(deps.clock.now() + wait, `activity ${input.activityId} not found yet; retrying`, { ...tally, notFound: tally.notFound + 1 });
    }
    // Still missing after the back-off: it was deleted (or made private to us).
    const deleted = await deleteActivity(deps.db, 'strava', input.activityId);
    if (deleted) await requestReplan(deps, deleted.userId);
    deps.logger.info('strava activity gone after retries', { activityId: input.activityId });
    return;
  }
  const { activity, raw } = fetched;
  if (activity.athlete.id !== connection.externalId) {
    throw new PermanentJobError(`activity ${input.activityId} belongs to another athlete than the event owner`);
  }
  const row = await storeStravaActivity(deps, connection, activity, raw);
  if (row) await requestReplan(deps, row.userId);
}
