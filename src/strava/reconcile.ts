/**
 * Reconciliation: the only recovery for events Strava gave up on (3 failed deliveries) or that
 * arrived while we were down. Per connected athlete, list a window reaching back
 * STRAVA_RECONCILE_DAYS (≥ 3 days: `after` filters on start time, and late uploads start in the
 * past), upsert what is new or changed, delete what is gone inside the window, replan if anything
 * changed. Run by cron every few hours and at every worker start (after an outage or a crash).
 *
 * The stored rows are read before the listing: an activity a webhook fetch stores while the list
 * is under way is not in the snapshot, so it cannot be taken for vanished; and a row is deleted
 * only if it is unchanged since the snapshot.
 */
import { and, eq, gte, lte } from 'drizzle-orm';
import { audit } from '../db/repositories/audit';
import { removeActivitySource } from '../db/repositories/activities';
import { findConnection } from '../db/repositories/connections';
import { activitiesTable, connectionsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { activityFingerprint, type FetchedActivity, toNewActivity } from '../../integrations/strava';
import { requestReplan } from '../planning/request';
import { withStrava } from './api';
import { PAGE_SIZE } from './backfill';
import { storeStravaActivity } from './store';
import { PRIORITY, STRAVA_JOB } from '../core/jobs';

const MAX_PAGES = 20;

/**
 * Queue one reconciliation per active Strava connection; `slot` names the run (idempotency).
 * `days` widens the window: the daily deep run covers the whole backfill window, so whatever a
 * wrongly applied event changed there (a forged delete or rename from before events were
 * confirmed, an event dropped under a flood) is repaired from Strava's own list.
 */
export async function queueReconciliation(deps: Pick<AppDeps, 'db' | 'clock' | 'config' | 'jobs'>, slot: string, opts: { days?: number } = {}): Promise<number> {
  const connections = await deps.db
    .select({ externalId: connectionsTable.externalId })
    .from(connectionsTable)
    .where(and(eq(connectionsTable.provider, 'strava'), eq(connectionsTable.status, 'active')));
  const nowS = Math.floor(deps.clock.now() / 1000);
  const after = nowS - (opts.days ?? deps.config.STRAVA_RECONCILE_DAYS) * 86_400;
  let queued = 0;
  for (const c of connections) {
    const added = await deps.jobs.enqueue({
      kind: STRAVA_JOB.reconcile,
      payload: { athleteId: c.externalId, after, before: nowS },
      idempotencyKey: `strava-reconcile:${c.externalId}:${slot}`,
      priority: PRIORITY.reconcile,
    });
    if (added) queued++;
  }
  return queued;
}

export interface ReconcileResult {
  upserted: number;
  deleted: number;
  unchanged: number;
}

export async function reconcileAthlete(deps: AppDeps, input: { athleteId: string; after: number; before: number }): Promise<ReconcileResult> {
  const result: ReconcileResult = { upserted: 0, deleted: 0, unchanged: 0 };
  const connection = await findConnection(deps.db, 'strava', input.athleteId);
  if (connection?.status !== 'active') return result;
  const snapshotAtMs = deps.clock.now();
  const stored = await deps.db
    .select()
    .from(activitiesTable)
    .where(
      and(
        eq(activitiesTable.userId, connection.userId),
        eq(activitiesTable.provider, 'strava'),
        gte(activitiesTable.startUtcMs, input.after * 1000),
        lte(activitiesTable.startUtcMs, input.before * 1000),
      ),
    );
  const listed: FetchedActivity[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const items = await withStrava(deps, connection, 'reconcile', (api, token) => api.listActivities(token, { after: input.after, before: input.before, page, perPage: PAGE_SIZE }));
    if (items.length === 0) break;
    listed.push(...items.filter((i) => i.activity.athlete.id === connection.externalId));
  }
  const storedById = new Map(stored.map((a) => [a.externalId, a]));
  const seen = new Set<string>();
  for (const { activity, raw } of listed) {
    seen.add(activity.id);
    const existing = storedById.get(activity.id);
    if (existing && activityFingerprint(existing) === activityFingerprint(toNewActivity(activity))) {
      result.unchanged++;
      continue;
    }
    // A deletion recorded before the snapshot is older than this listing, which still shows the
    // activity (re-created, its create event lost); one recorded since wins.
    if (await storeStravaActivity(deps, connection, activity, raw, { deletedSinceMs: snapshotAtMs })) result.upserted++;
  }
  for (const a of stored) {
    if (seen.has(a.externalId)) continue;
    // Only Strava's record goes: a run a file or Garmin also holds stays (files/garmin engineer).
    if (await removeActivitySource(deps.db, 'strava', a.externalId, deps.clock.now(), { ifUpdatedAtMs: a.updatedAtMs })) result.deleted++;
  }
  if (result.deleted > 0) {
    await audit(deps.db, { userId: connection.userId, actor: 'strava', action: 'strava.reconcile_deleted', detail: { deleted: result.deleted, after: input.after, before: input.before } });
  }
  if (result.upserted + result.deleted > 0) await requestReplan(deps, connection.userId);
  deps.logger.info('strava reconciliation', { athleteId: input.athleteId, ...result });
  return result;
}
