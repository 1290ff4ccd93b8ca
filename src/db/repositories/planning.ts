/** Days, races, planned sessions and the strength log of one athlete. */
import { and, asc, desc, eq, gte, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { athleteSettingsTable, daysTable, planSourcesTable, plannedSessionsTable, racesTable, strengthLogTable, usersTable } from '../schema';

export type DayRow = typeof daysTable.$inferSelect;
export type RaceRow = typeof racesTable.$inferSelect;
export type PlannedSessionRow = typeof plannedSessionsTable.$inferSelect;

export async function upsertDays(db: Db, rows: Array<typeof daysTable.$inferInsert>): Promise<void> {
  for (const row of rows) {
    await db
      .insert(daysTable)
      .values(row)
      .onConflictDoUpdate({
        target: [daysTable.userId, daysTable.date],
        set: { dayClass: row.dayClass, source: row.source, load: row.load, evidence: row.evidence, activities: row.activities, confidence: row.confidence, updatedAtMs: row.updatedAtMs },
      });
  }
}

/** Delete the athlete's days in [from, to] whose date is not in `keep` (a replan's output). */
export async function deleteDaysOutside(db: Db, userId: string, window: { from: string; to: string }, keep: string[]): Promise<number> {
  const rows = await db
    .delete(daysTable)
    .where(
      and(
        eq(daysTable.userId, userId),
        gte(daysTable.date, window.from),
        lte(daysTable.date, window.to),
        keep.length > 0 ? notInArray(daysTable.date, keep) : undefined,
      ),
    )
    .returning({ date: daysTable.date });
  return rows.length;
}

/** Delete the athlete's days on these dates (derived values of purged data; a replan rewrites them). */
export async function deleteDaysOn(db: Db, userId: string, dates: string[]): Promise<number> {
  if (dates.length === 0) return 0;
  const rows = await db.delete(daysTable).where(and(eq(daysTable.userId, userId), inArray(daysTable.date, dates))).returning({ date: daysTable.date });
  return rows.length;
}

export async function daysBetween(db: Db, userId: string, from: string, to: string): Promise<DayRow[]> {
  return db
    .select()
    .from(daysTable)
    .where(and(eq(daysTable.userId, userId), gte(daysTable.date, from), lte(daysTable.date, to)))
    .orderBy(asc(daysTable.date));
}

export async function racesOf(db: Db, userId: string, fromDate?: string): Promise<RaceRow[]> {
  const where = fromDate ? and(eq(racesTable.userId, userId), gte(racesTable.date, fromDate)) : eq(racesTable.userId, userId);
  return db.select().from(racesTable).where(where).orderBy(asc(racesTable.date));
}

export async function addRace(db: Db, userId: string, race: Omit<RaceRow, 'id' | 'userId' | 'createdAtMs' | 'name'> & { name?: string }, nowMs: number): Promise<RaceRow> {
  const row: RaceRow = { id: crypto.randomUUID(), userId, ...race, name: race.name ?? null, createdAtMs: nowMs };
  await db.insert(racesTable).values(row);
  return row;
}

/** True when the runner had that race. */
export async function deleteRace(db: Db, userId: string, raceId: string): Promise<boolean> {
  const deleted = await db.delete(racesTable).where(and(eq(racesTable.id, raceId), eq(racesTable.userId, userId))).returning({ id: racesTable.id });
  return deleted.length > 0;
}

export async function sessionsOf(db: Db, userId: string, opts: { from?: string; to?: string; status?: PlannedSessionRow['status'] } = {}): Promise<PlannedSessionRow[]> {
  const conditions = [eq(plannedSessionsTable.userId, userId)];
  if (opts.from) conditions.push(gte(plannedSessionsTable.date, opts.from));
  if (opts.to) conditions.push(lte(plannedSessionsTable.date, opts.to));
  if (opts.status) conditions.push(eq(plannedSessionsTable.status, opts.status));
  return db.select().from(plannedSessionsTable).where(and(...conditions)).orderBy(asc(plannedSessionsTable.date), asc(plannedSessionsTable.start));
}

/** Insert a new session; a concurrent replan that inserted it first wins (same planner output). */
export async function insertSession(db: Db, row: typeof plannedSessionsTable.$inferInsert): Promise<void> {
  await db.insert(plannedSessionsTable).values(row).onConflictDoNothing();
}

export async function updateSession(db: Db, userId: string, id: string, set: Partial<typeof plannedSessionsTable.$inferInsert>): Promise<void> {
  await db.update(plannedSessionsTable).set(set).where(and(eq(plannedSessionsTable.userId, userId), eq(plannedSessionsTable.id, id)));
}

export async function strengthLogOf(db: Db, userId: string) {
  return db.select().from(strengthLogTable).where(eq(strengthLogTable.userId, userId)).orderBy(desc(strengthLogTable.date)).limit(200);
}

export async function logStrength(db: Db, userId: string, entry: { sessionId: string; date: string; status: 'done' | 'skipped' }): Promise<void> {
  await db
    .insert(strengthLogTable)
    .values({ userId, ...entry })
    .onConflictDoUpdate({ target: [strengthLogTable.userId, strengthLogTable.sessionId], set: { status: entry.status, date: entry.date } });
}

export async function plannedRunsOf(db: Db, userId: string): Promise<Array<Record<string, unknown>>> {
  const rows = await db.select({ runs: planSourcesTable.plannedRuns }).from(planSourcesTable).where(eq(planSourcesTable.userId, userId));
  return rows.flatMap((r) => r.runs);
}

/** Every athlete's time zone and the last day their plan treated as today (null before any plan). */
export async function athletesWithLastToday(db: Db): Promise<{ userId: string; timeZone: string; lastToday: string | null }[]> {
  return db
    .select({
      userId: athleteSettingsTable.userId,
      timeZone: athleteSettingsTable.timeZone,
      lastToday: sql<string | null>`(select max(${daysTable.date}) from ${daysTable} where ${and(eq(daysTable.userId, athleteSettingsTable.userId), eq(daysTable.source, 'actual'))})`,
    })
    .from(athleteSettingsTable)
    .innerJoin(usersTable, eq(usersTable.id, athleteSettingsTable.userId));
}
