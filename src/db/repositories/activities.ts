import { and, asc, eq, gte, isNotNull, lt, lte } from 'drizzle-orm';
import type { NewActivity } from '../../core/activity';
import type { Db } from '../client';
import { activitiesTable } from '../schema';
import type { Provider } from '../../core/vocabulary';

export type ActivityRow = typeof activitiesTable.$inferSelect;

/**
 * Insert or update by (provider, externalId). Idempotent: replaying the same activity leaves one
 * row. Returns the row and whether the local date changed (both old and new day need replanning).
 */
export async function upsertActivity(db: Db, userId: string, activity: NewActivity, nowMs: number): Promise<{ row: ActivityRow; previousDate: string | undefined }> {
  const before = await findActivity(db, activity.provider, activity.externalId);
  const [row] = await db
    .insert(activitiesTable)
    .values({ ...activity, id: crypto.randomUUID(), userId, updatedAtMs: nowMs })
    .onConflictDoUpdate({
      target: [activitiesTable.provider, activitiesTable.externalId],
      set: { ...activity, userId, updatedAtMs: nowMs },
    })
    .returning();
  if (!row) throw new Error('activity upsert returned nothing');
  return { row, previousDate: before?.localDate };
}

export async function findActivity(db: Db, provider: Provider, externalId: string): Promise<ActivityRow | undefined> {
  const rows = await db
    .select()
    .from(activitiesTable)
    .where(and(eq(activitiesTable.provider, provider), eq(activitiesTable.externalId, externalId)))
    .limit(1);
  return rows[0];
}

/** Delete by provider id; returns the deleted row (undefined when it was not there). */
export async function deleteActivity(db: Db, provider: Provider, externalId: string): Promise<ActivityRow | undefined> {
  const rows = await db
    .delete(activitiesTable)
    .where(and(eq(activitiesTable.provider, provider), eq(activitiesTable.externalId, externalId)))
    .returning();
  return rows[0];
}

export async function deleteActivitiesOfUser(db: Db, userId: string, provider: Provider): Promise<number> {
  const rows = await db
    .delete(activitiesTable)
    .where(and(eq(activitiesTable.userId, userId), eq(activitiesTable.provider, provider)))
    .returning({ id: activitiesTable.id });
  return rows.length;
}

export async function activitiesBetween(db: Db, userId: string, fromDate: string, toDate: string): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activitiesTable)
    .where(and(eq(activitiesTable.userId, userId), gte(activitiesTable.localDate, fromDate), lte(activitiesTable.localDate, toDate)))
    .orderBy(asc(activitiesTable.startUtcMs));
}

/** Drop raw provider payloads past their retention date; derived values stay. */
export async function purgeExpiredRawPayloads(db: Db, nowMs: number): Promise<number> {
  const rows = await db
    .update(activitiesTable)
    .set({ rawPayload: null, rawExpiresAtMs: null })
    .where(and(isNotNull(activitiesTable.rawExpiresAtMs), lt(activitiesTable.rawExpiresAtMs, nowMs)))
    .returning({ id: activitiesTable.id });
  return rows.length;
}

