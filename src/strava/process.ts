/**
 * Processing of accepted Strava events (job runner side). Creates and updates are collapsed per
 * activity by a short debounce and fetched once; deletes (unless a newer create/update was seen)
 * remove the activity, cancel its fetches and leave a tombstone; a deauthorization, once Strava
 * confirms it (events are unsigned), purges the athlete, and one Strava never confirms stops the
 * connection for re-consent. Every change asks for a replan (the replan job recomputes days and the
 * plan and queues the calendar sync).
 */
import { and, eq, ne, } from 'drizzle-orm';
import { audit } from '../db/repositories/audit';
import { deleteActivity } from '../db/repositories/activities';
import { type ConnectionRow, findConnection } from '../db/repositories/connections';
import { connectionsTable, webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { cancelJobs } from '../queue/queue';
import { JobDeferred, PermanentJobError } from '../core/errors';
import { classifyEvent, type FetchedActivity, isStravaError, WebhookEvent } from '../../integrations/strava';
import { requestReplan } from '../planning/request';
import { deferUntilWindow, doublingBackoffMs, type RetryCounters, updateRetryState, withStrava } from './api';
import { purgeStravaAthlete } from './disconnect';
import { clearDeletionBefore, deleteEventSeen, fetchQueued, isDeleted, newerUpsertSeen, pendingFetchCounts, recordDeletion, storeStravaActivity, stravaJobsOf } from './store';
import { confirmStravaAccess } from './tokens';
import { PRIORITY, slot, STRAVA_JOB } from '../core/jobs';

/** Back-off for a 404 right after a create (the activity may not be readable yet): one retry, later. */
export const NOT_FOUND_RETRY_MS = [10 * 60_000] as const;

/** Bounds on pending activity reads: a flood of forged creates cannot spend the app's budget. */
const NOT_FOUND = 'stravaNotFound';

/**
 * How long a deauthorization Strava cannot confirm (no clear refusal, no clear acceptance) is
 * retried before the connection is stopped for re-consent instead; and the longest wait between tries.
 */
const DEAUTH_CONFIRM_GIVE_UP_MS = 7 * 24 * 3600_000;
const DEAUTH_CONFIRM_MAX_STEP_MS = 60 * 60_000;
const UNCONFIRMED = 'deauthUnconfirmed';
const UNCONFIRMED_SINCE = 'deauthUnconfirmedSinceMs';

function fetchJobKey(activityId: string): string {
  return `strava-fetch:${activityId}`;
}

async function finishInbox(deps: Pick<AppDeps, 'db' | 'clock'>, inboxId: number, status: 'processed' | 'dropped', note?: string): Promise<void> {
  await deps.db
    .update(webhookInboxTable)
    .set({ status, processedAtMs: deps.clock.now(), note: note ?? null })
    .where(and(eq(webhookInboxTable.id, inboxId), eq(webhookInboxTable.status, 'pending')));
}

/** Act on one inbox event. Idempotent: a processed row is skipped. */
export async function processStravaEvent(deps: AppDeps, ctx: RetryCounters, inboxId: number): Promise<void> {
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
      // Anyone can POST this event: purge only when Strava itself refuses the tokens. While
      // Strava cannot say, the job waits; it never purges unconfirmed.
      const confirmation = await confirmDeauthorization(deps, ctx, connection);
      if (confirmation.verdict === 'authorized') {
        deps.logger.warn('strava deauthorization event ignored: Strava still accepts the tokens', { athleteId: connection.externalId });
        await audit(deps.db, { userId: connection.userId, actor: 'strava', action: 'strava.deauthorize_ignored', detail: { athleteId: connection.externalId, eventTime: event.event_time } });
        await finishInbox(deps, inboxId, 'dropped', 'deauthorization not confirmed by Strava');
        return;
      }
      if (confirmation.verdict === 'unconfirmed') {
        await stopUnconfirmedConnection(deps, connection, confirmation.error);
        await finishInbox(deps, inboxId, 'processed', 'deauthorization not confirmed by Strava: connection needs re-consent');
        return;
      }
      await purgeStravaAthlete(deps, connection, { actor: 'strava', action: 'strava.deauthorized' });
      break;
    }
    case 'activity.delete':
    case 'activity.upsert': {
      // Events are unsigned: neither a delete nor an update is applied as sent. Each becomes a read
      // of the activity under the governor, and what Strava answers is stored (found) or removed
      // (404). A delete also loses to a newer create/update (a stale redelivery must not remove a
      // live run), and a create/update to a newer confirmed deletion.
      const eventTimeS = seenTimeS(event.event_time, row.receivedAtMs);
      const aspect = event.aspect_type;
      if (action.kind === 'activity.delete' && (await newerUpsertSeen(deps, action.activityId, eventTimeS))) {
        await finishInbox(deps, inboxId, 'dropped', 'older than a create/update of the activity');
        return;
      }
      if (action.kind === 'activity.upsert' && !(await clearDeletionBefore(deps, action.activityId, eventTimeS))) {
        await finishInbox(deps, inboxId, 'dropped', 'older than the deletion of the activity');
        return;
      }
      const key = fetchJobKey(action.activityId);
      if (!(await fetchQueued(deps, key))) {
        const pending = await pendingFetchCounts(deps, action.athleteId);
        if (pending.athlete >= deps.config.STRAVA_PENDING_FETCHES_PER_ATHLETE || pending.app >= deps.config.STRAVA_PENDING_FETCHES_PER_APP) {
          // A flood (forged creates with random ids): the reconciliation repairs what a real event
          // dropped here would have brought.
          deps.logger.debug('strava event dropped: too much pending work', { athleteId: action.athleteId, ...pending });
          // A genuine bulk upload is caught up by listing (a page or two), at most once an hour.
          const nowS = Math.floor(now / 1000);
          await deps.jobs.enqueue({
            kind: STRAVA_JOB.reconcile,
            payload: { athleteId: action.athleteId, after: nowS - deps.config.STRAVA_RECONCILE_DAYS * 86_400, before: nowS + 3600 },
            idempotencyKey: `strava-reconcile:${action.athleteId}:overflow:${slot(now, 60)}`,
            priority: PRIORITY.reconcile,
            runAtMs: now + 5 * 60_000,
          });
          await finishInbox(deps, inboxId, 'dropped', 'too much pending Strava work; the reconciliation catches up');
          return;
        }
      }
      await deps.jobs.enqueueOrPostpone({
        kind: STRAVA_JOB.fetchActivity,
        payload: { athleteId: action.athleteId, activityId: action.activityId, aspect, eventTimeS },
        idempotencyKey: key,
        priority: PRIORITY.webhook,
        runAtMs: now + deps.config.STRAVA_FETCH_DELAY_MS,
      });
      break;
    }
  }
  await finishInbox(deps, inboxId, 'processed');
}

/** An event's time as far as we trust it: not later than its arrival (events are unsigned). */
function seenTimeS(eventTimeS: number, receivedAtMs: number): number {
  return Math.min(eventTimeS, Math.floor(receivedAtMs / 1000));
}

type Confirmation = { verdict: 'authorized' | 'refused' } | { verdict: 'unconfirmed'; error: string };

/**
 * Ask Strava whether a deauthorization is real. A rate limit waits for its window; any other
 * failure (outage, 403, a malformed answer…) is retried with a back-off of up to an hour, kept in
 * the job's retry state, for DEAUTH_CONFIRM_GIVE_UP_MS; after that the answer is 'unconfirmed'.
 */
async function confirmDeauthorization(deps: AppDeps, ctx: RetryCounters, connection: ConnectionRow): Promise<Confirmation> {
  try {
    return { verdict: await confirmStravaAccess(deps, connection) };
  } catch (error) {
    if (error instanceof JobDeferred) throw error;
    const now = deps.clock.now();
    if (isStravaError(error, 'rate_limited')) throw deferUntilWindow(error.retryAtMs ?? now + 60_000, error.message);
    const message = error instanceof Error ? error.message : String(error);
    const tries = ctx.retryState[UNCONFIRMED] ?? 0;
    const since = ctx.retryState[UNCONFIRMED_SINCE] ?? now;
    await updateRetryState(ctx, { [UNCONFIRMED]: tries + 1, [UNCONFIRMED_SINCE]: since });
    if (now - since >= DEAUTH_CONFIRM_GIVE_UP_MS) return { verdict: 'unconfirmed', error: message };
    deps.logger.warn('strava deauthorization not confirmed yet; will ask again', { athleteId: connection.externalId, tries: tries + 1, error: message });
    throw new JobDeferred(now + doublingBackoffMs(tries, DEAUTH_CONFIRM_MAX_STEP_MS), `deauthorization of athlete ${connection.externalId} not confirmed yet: ${message}`);
  }
}

/**
 * Strava never confirmed nor refused a deauthorization: keep the data (the event may be forged)
 * but stop every use of the tokens until the runner reconnects. A revoked connection stays revoked.
 */
async function stopUnconfirmedConnection(deps: AppDeps, connection: ConnectionRow, error: string): Promise<void> {
  const now = deps.clock.now();
  const days = Math.round(DEAUTH_CONFIRM_GIVE_UP_MS / (24 * 3600_000));
  const lastError = `Strava sent a deauthorization that could not be confirmed in ${days} days (${error}); reconnect Strava`;
  await deps.db
    .update(connectionsTable)
    .set({ status: 'needs_reconsent', lastError, updatedAtMs: now })
    .where(and(eq(connectionsTable.id, connection.id), ne(connectionsTable.status, 'revoked')));
  const jobsCancelled = await cancelJobs(deps.db, deps.clock.now(), stravaJobsOf(connection.externalId), 'strava.deauthorize_unconfirmed');
  await audit(deps.db, { userId: connection.userId, actor: 'system', action: 'strava.deauthorize_unconfirmed', detail: { athleteId: connection.externalId, jobsCancelled, error } });
  deps.logger.error('strava deauthorization could not be confirmed; connection stopped for re-consent', { athleteId: connection.externalId, error });
}


/** What a fetch job was asked by its latest event. */
export interface FetchInput {
  athleteId: string;
  activityId: string;
  aspect?: 'create' | 'update' | 'delete' | undefined;
  eventTimeS?: number | undefined;
}

/**
 * Read one activity and apply what Strava answers (the debounced job of every activity event):
 * found → stored (a forged delete or rename is undone by Strava's own answer); 404 → removed,
 * audited, and no longer retried. Only a 404 right after a create is retried, once, later, and
 * that retry does not draw on the governor's webhook reserve (kept for ids not yet read).
 */
export async function fetchStravaActivity(deps: AppDeps, ctx: RetryCounters, input: FetchInput): Promise<void> {
  const connection = await findConnection(deps.db, 'strava', input.athleteId);
  if (connection?.status !== 'active') {
    deps.logger.info('strava fetch skipped: connection not active', { athleteId: input.athleteId, status: connection?.status ?? 'none' });
    return;
  }
  if (await isDeleted(deps, input.activityId)) {
    deps.logger.info('strava fetch skipped: activity deleted', { activityId: input.activityId });
    return;
  }
  const notFound = ctx.retryState[NOT_FOUND] ?? 0;
  let fetched: FetchedActivity;
  try {
    fetched = await withStrava(deps, connection, notFound > 0 ? 'reconcile' : 'webhook', (api, token) => api.getActivity(token, input.activityId));
  } catch (error) {
    if (!isStravaError(error, 'not_found')) throw error;
    // Counted in the job's retry state: other deferrals (outage, rate limit) neither advance nor reset it.
    // A delete of it was also sent (a late create redelivery may have replaced the job's event): no retry.
    const wait = input.aspect === 'create' && !(await deleteEventSeen(deps, input.activityId)) ? NOT_FOUND_RETRY_MS[notFound] : undefined;
    if (wait !== undefined) {
      await updateRetryState(ctx, { [NOT_FOUND]: notFound + 1 });
      throw new JobDeferred(deps.clock.now() + wait, `activity ${input.activityId} not found yet; retrying once`);
    }
    // Strava says it is not there (deleted, or private to us): remove it and stop asking.
    await recordDeletion(deps, input.activityId, input.eventTimeS ?? Math.floor(deps.clock.now() / 1000));
    const deleted = await deleteActivity(deps.db, 'strava', input.activityId);
    if (deleted) {
      await audit(deps.db, {
        userId: deleted.userId,
        actor: 'strava',
        action: 'strava.activity_deleted',
        // The row id and date, not the Strava id or name: a later purge leaves no trace of those.
        detail: { activityRowId: deleted.id, localDate: deleted.localDate, confirmedBy: 'Strava answered 404', event: input.aspect ?? 'unknown' },
      });
      await requestReplan(deps, deleted.userId);
    }
    deps.logger.info('strava activity not found: removed', { activityId: input.activityId, event: input.aspect });
    return;
  }
  const { activity, raw } = fetched;
  if (activity.athlete.id !== connection.externalId) {
    throw new PermanentJobError(`activity ${input.activityId} belongs to another athlete than the event owner`);
  }
  if (input.aspect === 'delete') deps.logger.warn('strava delete event not confirmed: Strava still has the activity', { activityId: input.activityId });
  const row = await storeStravaActivity(deps, connection, activity, raw);
  if (row) await requestReplan(deps, row.userId);
}
