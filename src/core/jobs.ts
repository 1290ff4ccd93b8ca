/**
 * @module core/jobs
 * Every job kind, priority and scheduling shape, defined once. Capabilities enqueue and handle
 * these kinds; the queue itself (src/queue) knows none of them.
 */

/** Job kinds. Payload shapes are parsed by each handler's zod schema. */
export const JOB = {
  /** `{ userId }`: recompute days and the strength plan of one athlete */
  replan: 'plan.replan',
  /** `{}`: replan every athlete whose local day has turned since the last plan */
  replanDue: 'plan.replan-due',
  /** `{ userId }`: push the athlete's planned sessions to every calendar target */
  calendarSync: 'calendar.sync',
  /** `{ sourceId }`: read one training-plan feed */
  planSourceRefresh: 'calendar.plan-source.refresh',
  /** `{ slot }`: queue a refresh of every training-plan feed */
  planSourcesRefreshAll: 'calendar.plan-sources.refresh-all',
  /** `{}`: purge finished jobs, expired sessions and OAuth states, handled webhook events */
  maintenance: 'maintenance.purge',
} as const;

/** Job kinds of the Strava capability (handlers in src/strava/jobs.ts). */
export const STRAVA_JOB = {
  /** `{ inboxId }`: act on one accepted webhook event */
  event: 'strava.event',
  /** `{ athleteId, activityId }`: fetch one activity (debounced per activity) and upsert it */
  fetchActivity: 'strava.activity.fetch',
  /** `{ athleteId, after, before, page }`: one page of the connect-time backfill */
  backfill: 'strava.backfill',
  /** `{}`: queue a reconciliation of every connected athlete */
  reconcileSweep: 'strava.reconcile.sweep',
  /** `{ athleteId, after, before }`: list a window and repair what events missed */
  reconcile: 'strava.reconcile',
  /** `{}`: queue a refresh for connections whose access token expires soon */
  refreshSweep: 'strava.tokens.sweep',
  /** `{ athleteId }`: refresh one athlete's tokens if they expire soon */
  refresh: 'strava.tokens.refresh',
  /** `{}`: drop raw provider payloads past STRAVA_RAW_RETENTION_DAYS */
  retention: 'strava.retention.purge',
  /** `{}`: queue a job for every inbox event still pending (crash between insert and enqueue) */
  inboxSweep: 'strava.inbox.sweep',
} as const;

/** Job kinds of the Garmin capability (src/garmin/jobs.ts): `{ inboxId, garminUserId }` one notification entry; `{ garminUserId }` the connect-time backfill request; `{}` the inbox sweep. */
export const GARMIN_JOB = { event: 'garmin.event', backfill: 'garmin.backfill', inboxSweep: 'garmin.inbox.sweep' } as const;

/** Priorities: lower runs first. Fresh webhook work beats reconciliation beats backfill. */
export const PRIORITY = {
  webhook: 10,
  calendar: 20,
  replan: 30,
  reconcile: 60,
  backfill: 80,
  maintenance: 90,
} as const;

/** Delay that collapses a burst of changes (webhook bursts, settings edits) into one replan. */
export const REPLAN_DEBOUNCE_MS = 5_000;

export interface EnqueueInput {
  kind: string;
  payload: unknown;
  idempotencyKey: string;
  priority?: number;
  runAtMs?: number;
  maxAttempts?: number;
}

/**
 * Periodic work, declared by each capability and run by node-cron on Node and by Cron Triggers on
 * Workers. A tick only enqueues a job whose idempotency key names the time slot, so two processes
 * (or a retry of the trigger) never double the work.
 */
export interface ScheduledTask {
  name: string;
  cron: string;
  job(nowMs: number): EnqueueInput;
  /** also enqueue once when a worker starts (repairs work a crash may have left behind) */
  atStart?: boolean;
}

/** The number of the `minutes`-long time slot `nowMs` falls in: part of a periodic job's idempotency key. */
export const slot = (nowMs: number, minutes: number): string => String(Math.floor(nowMs / (minutes * 60_000)));
