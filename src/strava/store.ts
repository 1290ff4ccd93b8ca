/**
 * Writing Strava data so that a purge or a delete cannot be undone by work already under way.
 * Each write is one conditional statement (no transactions on D1):
 * - an activity is stored only while its owner's Strava connection is `active` and no deletion
 *   of it was recorded (since the caller's read began);
 * - a delete event leaves a tombstone (activity id + event time); a newer create/update clears it,
 *   and a delete older than a create/update already accepted is not applied;
 * - cancelled jobs lose their lease, so the worker still running one can neither complete nor
 *   re-queue it.
 */
import type { AnyColumn } from 'drizzle-orm';
import { and, eq, getTableColumns, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { ConnectionRow } from '../db/repositories/connections';
import { activitiesTable, connectionsTable, jobsTable, stravaDeletionsTable, webhookInboxTable } from '../db/schema';
import { STRAVA_JOB } from '../core/jobs';
import { linkActivitySource } from '../db/repositories/activities';
import type { AppDeps } from '../deps';
import type { JobMatch } from '../queue/queue';
import type { StravaActivity } from '../../integrations/strava';
import { toNewActivity } from '../../integrations/strava';

const DAY_MS = 24 * 3600_000;
/** Tombstones outlive Strava's redeliveries and any fetch that started before the delete. */
const TOMBSTONE_RETENTION_MS = 7 * DAY_MS;

type ActivityRow = typeof activitiesTable.$inferSelect;

/**
 * Upsert one Strava activity for the connection's runner (raw payload kept for the retention
 * period). A no-op, returning undefined, when the connection is no longer active or the activity
 * was deleted at or after `deletedSinceMs` (default: ever, as long as the tombstone is kept).
 */
export async function storeStravaActivity(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  connection: ConnectionRow,
  activity: StravaActivity,
  raw: string | undefined,
  opts: { deletedSinceMs?: number } = {},
): Promise<ActivityRow | undefined> {
  const now = deps.clock.now();
  const days = deps.config.STRAVA_RAW_RETENTION_DAYS;
  const keepRaw = raw !== undefined && days > 0;
  const mapped = toNewActivity(activity, keepRaw ? { payload: raw, expiresAtMs: now + days * DAY_MS } : {});
  const values: Record<string, unknown> = { ...mapped, id: crypto.randomUUID(), userId: connection.userId, updatedAtMs: now };
  const columns = Object.entries(getTableColumns(activitiesTable)).filter(([, col]) => !col.generated); // the column list drizzle inserts into
  const selected = sql.join(
    columns.map(([key, col]) => (values[key] === undefined ? sql`null` : sql.param(values[key], col))),
    sql`, `,
  );
  const rows = await deps.db
    .insert(activitiesTable)
    .select(
      sql`select ${selected} where exists (
        select 1 from ${connectionsTable}
        where ${connectionsTable.id} = ${connection.id} and ${connectionsTable.userId} = ${connection.userId} and ${connectionsTable.status} = 'active'
      ) and not exists (
        select 1 from ${stravaDeletionsTable}
        where ${stravaDeletionsTable.activityId} = ${mapped.externalId} and ${stravaDeletionsTable.deletedAtMs} >= ${opts.deletedSinceMs ?? 0}
      )`,
    )
    .onConflictDoUpdate({
      target: [activitiesTable.provider, activitiesTable.externalId],
      // Fields absent from this payload (e.g. RPE in a summary) keep their stored value.
      set: { ...mapped, userId: connection.userId, updatedAtMs: now },
    })
    .returning();
  // Cross-source dedupe (files/garmin engineer): record Strava as one source of the run and fold
  // it into the same run already stored from a file or Garmin (src/db/repositories/activities.ts).
  return rows[0] ? linkActivitySource(deps.db, rows[0], now) : undefined;
}

/**
 * Events of one activity accepted into the inbox (pending or processed). The dedupe key starts
 * with `activity:<id>:`, so this is a range on the (provider, dedupe_key) index.
 */
function acceptedEventsOf(activityId: string): SQL | undefined {
  return and(
    eq(webhookInboxTable.provider, 'strava'),
    gte(webhookInboxTable.dedupeKey, `activity:${activityId}:`),
    lt(webhookInboxTable.dedupeKey, `activity:${activityId};`),
    inArray(webhookInboxTable.status, ['pending', 'processed']),
  );
}

/**
 * Whether a create/update of the activity newer than `eventTimeS` was accepted (pending or
 * processed in the inbox; a stale one dropped there does not count). Each event's time is taken
 * as no later than its arrival, so a far-future time in a forged event cannot win.
 */
export function newerUpsertSeen(deps: Pick<AppDeps, 'db'>, activityId: string, eventTimeS: number): Promise<boolean> {
  return acceptedEventExists(
    deps,
    activityId,
    sql`json_extract(${webhookInboxTable.payload}, '$.aspect_type') in ('create', 'update')`,
    sql`min(json_extract(${webhookInboxTable.payload}, '$.event_time'), ${webhookInboxTable.receivedAtMs} / 1000) > ${eventTimeS}`,
  );
}

/** Whether a delete event of the activity was accepted (pending or processed in the inbox). */
export function deleteEventSeen(deps: Pick<AppDeps, 'db'>, activityId: string): Promise<boolean> {
  return acceptedEventExists(deps, activityId, sql`json_extract(${webhookInboxTable.payload}, '$.aspect_type') = 'delete'`);
}

/** Whether an accepted inbox event of the activity matches every condition. */
async function acceptedEventExists(deps: Pick<AppDeps, 'db'>, activityId: string, ...conditions: SQL[]): Promise<boolean> {
  const rows = await deps.db
    .select({ id: webhookInboxTable.id })
    .from(webhookInboxTable)
    .where(and(acceptedEventsOf(activityId), ...conditions))
    .limit(1);
  return rows.length > 0;
}

/** Record a delete event (keeps the newest event time). */
export async function recordDeletion(deps: Pick<AppDeps, 'db' | 'clock'>, activityId: string, eventTimeS: number): Promise<void> {
  await deps.db
    .insert(stravaDeletionsTable)
    .values({ activityId, eventTimeS, deletedAtMs: deps.clock.now() })
    .onConflictDoUpdate({
      target: stravaDeletionsTable.activityId,
      set: { eventTimeS: sql`max(${stravaDeletionsTable.eventTimeS}, excluded.event_time_s)`, deletedAtMs: sql`excluded.deleted_at_ms` },
    });
}

/**
 * A create/update event for the activity: false when a delete at least as new was recorded (the
 * event is stale); otherwise an older tombstone is cleared and true returned.
 */
export async function clearDeletionBefore(deps: Pick<AppDeps, 'db'>, activityId: string, eventTimeS: number): Promise<boolean> {
  await deps.db.delete(stravaDeletionsTable).where(and(eq(stravaDeletionsTable.activityId, activityId), lt(stravaDeletionsTable.eventTimeS, eventTimeS)));
  return !(await isDeleted(deps, activityId));
}

export async function isDeleted(deps: Pick<AppDeps, 'db'>, activityId: string): Promise<boolean> {
  const rows = await deps.db.select({ id: stravaDeletionsTable.activityId }).from(stravaDeletionsTable).where(eq(stravaDeletionsTable.activityId, activityId)).limit(1);
  return rows.length > 0;
}

export async function purgeOldDeletions(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  const rows = await deps.db
    .delete(stravaDeletionsTable)
    .where(lt(stravaDeletionsTable.deletedAtMs, deps.clock.now() - TOMBSTONE_RETENTION_MS))
    .returning({ id: stravaDeletionsTable.activityId });
  return rows.length;
}

/** Every Strava job of one athlete (their payload names the athlete). */
export const stravaJobsOf = (athleteId: string | AnyColumn): JobMatch => ({ kindPrefix: 'strava.', payloadField: 'athleteId', equals: athleteId });

/** The local dates of a runner's stored Strava activities (the days a purge must rewrite). */
export async function stravaActivityDates(db: AppDeps['db'], userId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ date: activitiesTable.localDate })
    .from(activitiesTable)
    .where(and(eq(activitiesTable.userId, userId), eq(activitiesTable.provider, 'strava')));
  return rows.map((r) => r.date);
}

/**
 * Forget the athlete's activity events (inbox rows naming activity ids) and the tombstones of
 * those activities. A job of a forgotten event finds no row and does nothing.
 */
export async function forgetStravaEventsOf(deps: Pick<AppDeps, 'db'>, athleteId: string): Promise<number> {
  const rows = await deps.db
    .delete(webhookInboxTable)
    .where(
      and(
        eq(webhookInboxTable.provider, 'strava'),
        sql`json_extract(${webhookInboxTable.payload}, '$.owner_id') = ${Number(athleteId)}`,
        sql`json_extract(${webhookInboxTable.payload}, '$.object_type') = 'activity'`,
      ),
    )
    .returning({ payload: webhookInboxTable.payload });
  const ids = rows.map((r) => String((r.payload as { object_id?: unknown }).object_id ?? '')).filter((id) => id !== '');
  if (ids.length > 0) await deps.db.delete(stravaDeletionsTable).where(inArray(stravaDeletionsTable.activityId, ids));
  return rows.length;
}

/** Whether a fetch of this key (or its follow-up) is waiting: enqueueing it again adds no work. */
export async function fetchQueued(deps: Pick<AppDeps, 'db'>, key: string): Promise<boolean> {
  const rows = await deps.db
    .select({ id: jobsTable.id })
    .from(jobsTable)
    .where(and(inArray(jobsTable.idempotencyKey, [key, `${key}#next`]), eq(jobsTable.status, 'queued')))
    .limit(1);
  return rows.length > 0;
}

/** Activity reads waiting or running: for the whole app and for one athlete. */
export async function pendingFetchCounts(deps: Pick<AppDeps, 'db'>, athleteId: string): Promise<{ app: number; athlete: number }> {
  const [row] = await deps.db
    .select({
      app: sql<number>`count(*)`,
      athlete: sql<number>`coalesce(sum(json_extract(${jobsTable.payload}, '$.athleteId') = ${athleteId}), 0)`,
    })
    .from(jobsTable)
    .where(and(eq(jobsTable.kind, STRAVA_JOB.fetchActivity), inArray(jobsTable.status, ['queued', 'running'])));
  return { app: Number(row?.app ?? 0), athlete: Number(row?.athlete ?? 0) };
}
