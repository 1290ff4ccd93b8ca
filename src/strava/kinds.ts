/** Job kinds of the Strava capability (handlers in src/jobs/strava.ts). */
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

/** Meta key of the app's push subscription id (set by `hardday strava subscribe`). */
export const STRAVA_SUBSCRIPTION_META = 'strava.subscription_id';
