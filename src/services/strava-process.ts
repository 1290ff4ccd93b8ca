/**
 * Processing of accepted Strava events (job runner side). Creates and updates are collapsed per
 * activity by a short debounce and fetched once; deletes remove the activity; a deauthorization
 * purges the athlete. Every change asks for a replan (the replan job recomputes days and the
 * plan and queues the calendar sync).
 */
import { and, eq } from 'drizzle-orm';
import { deleteActivity, findActivity, upsertActivity } from '../db/repositories/activities';
import { type ConnectionRow, findConnection } from '../db/repositories/connections';
import { activitiesTable, jobsTable, webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { IntegrationError, PermanentJobError } from '../errors';
import { PRIORITY } from '../jobs/queue';
import type { JobRow } from '../jobs/queue';
import { classifyEvent, type FetchedActivity, isStravaError, type StravaActivity, toNewActivity, updateNeedsFetch, WebhookEvent } from '../../integrations/strava';
import { requestReplan } from './replan-request';
import { withStrava } from './strava-api';
import { purgeStravaAthlete } from './strava-disconnect';
import { STRAVA_JOB } from './strava-kinds';

const DAY_MS = 24 * 3600_000;
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
  const action = classifyEvent(parsed.data);
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
    case 'athlete.deauthorize':
      await purgeStravaAthlete(deps, connection, { actor: 'strava', action: 'strava.deauthorized' });
      break;
    case 'activity.delete': {
      await cancelFetch(deps, action.activityId);
      const deleted = await deleteActivity(deps.db, 'strava', action.activityId);
      if (deleted) await requestReplan(deps, deleted.userId);
      break;
    }
    case 'activity.upsert': {
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

/** Drop a queued (not yet running) fetch of this activity. */
async function cancelFetch(deps: Pick<AppDeps, 'db' | 'clock'>, activityId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db
    .update(jobsTable)
    .set({ status: 'done', completedAtMs: now, updatedAtMs: now, lastError: 'cancelled: activity deleted' })
    .where(and(eq(jobsTable.idempotencyKey, fetchJobKey(activityId)), eq(jobsTable.status, 'queued')));
}

/** Upsert one Strava activity for the connection's runner; raw payload kept for the retention period. */
export async function storeStravaActivity(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>, connection: ConnectionRow, activity: StravaActivity, raw: string | undefined) {
  const now = deps.clock.now();
  const days = deps.config.STRAVA_RAW_RETENTION_DAYS;
  const keepRaw = raw !== undefined && days > 0;
  const mapped = toNewActivity(activity, keepRaw ? { payload: raw, expiresAtMs: now + days * DAY_MS } : {});
  return upsertActivity(deps.db, connection.userId, mapped, now);
}

/** Fetch one activity and upsert it (the debounced job). 404 right after a create is retried. */
export async function fetchStravaActivity(deps: AppDeps, job: JobRow, input: { athleteId: string; activityId: string }): Promise<void> {
  const connection = await findConnection(deps.db, 'strava', input.athleteId);
  if (connection?.status !== 'active') {
    deps.logger.info('strava fetch skipped: connection not active', { athleteId: input.athleteId, status: connection?.status ?? 'none' });
    return;
  }
  let fetched: FetchedActivity;
  try {
    fetched = await withStrava(deps, connection, 'webhook', (api, token) => api.getActivity(token, input.activityId));
  } catch (error) {
    if (!isStravaError(error, 'not_found')) throw error;
    const wait = NOT_FOUND_RETRY_MS[job.attempts - 1];
    if (wait !== undefined) {
      throw new IntegrationError('NOT_FOUND', `activity ${input.activityId} not found yet; retrying`, { retryable: true, retryAtMs: deps.clock.now() + wait, upstreamStatus: 404 });
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
  const { row } = await storeStravaActivity(deps, connection, activity, raw);
  await requestReplan(deps, row.userId);
}
