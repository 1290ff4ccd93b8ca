import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { athleteSettingsTable, coachGrantsTable, usersTable } from '../schema';

export type User = typeof usersTable.$inferSelect;
export type AthleteSettingsRow = typeof athleteSettingsTable.$inferSelect;

export async function createUser(db: Db, input: { id?: string; role?: User['role']; displayName?: string | null; timeZone?: string }): Promise<User> {
  const id = input.id ?? crypto.randomUUID();
  const [user] = await db
    .insert(usersTable)
    .values({ id, role: input.role ?? 'runner', displayName: input.displayName ?? null })
    .returning();
  if (!user) throw new Error('user insert returned nothing');
  if (user.role === 'runner') {
    await db.insert(athleteSettingsTable).values({ userId: id, timeZone: input.timeZone ?? 'UTC' }).onConflictDoNothing();
  }
  return user;
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const rows = await db.select().from(usersTable).where(eq(usersTable.id, id)).limit(1);
  return rows[0];
}

export async function getAthleteSettings(db: Db, userId: string): Promise<AthleteSettingsRow | undefined> {
  const rows = await db.select().from(athleteSettingsTable).where(eq(athleteSettingsTable.userId, userId)).limit(1);
  return rows[0];
}

/** True when `viewerId` may read `athleteId`'s data: themself, or a coach holding a live grant. */
export async function canViewAthlete(db: Db, viewerId: string, athleteId: string): Promise<boolean> {
  if (viewerId === athleteId) return true;
  const rows = await db
    .select({ coachId: coachGrantsTable.coachId })
    .from(coachGrantsTable)
    .where(and(eq(coachGrantsTable.athleteId, athleteId), eq(coachGrantsTable.coachId, viewerId), isNull(coachGrantsTable.revokedAtMs)))
    .limit(1);
  return rows.length > 0;
}

export async function grantCoach(db: Db, athleteId: string, coachId: string): Promise<void> {
  await db
    .insert(coachGrantsTable)
    .values({ athleteId, coachId })
    .onConflictDoUpdate({ target: [coachGrantsTable.athleteId, coachGrantsTable.coachId], set: { revokedAtMs: null } });
}

/** Revoke a live grant; false when there was none (unknown coach, or already revoked). */
export async function revokeCoach(db: Db, athleteId: string, coachId: string, nowMs: number): Promise<boolean> {
  const rows = await db
    .update(coachGrantsTable)
    .set({ revokedAtMs: nowMs })
    .where(and(eq(coachGrantsTable.athleteId, athleteId), eq(coachGrantsTable.coachId, coachId), isNull(coachGrantsTable.revokedAtMs)))
    .returning({ coachId: coachGrantsTable.coachId });
  return rows.length > 0;
}

/** Live (unrevoked) grants seen from one side: an athlete's coaches, or a coach's athletes. */
export async function liveGrants(db: Db, side: { athleteId: string } | { coachId: string }) {
  const byAthlete = 'athleteId' in side;
  const other = byAthlete ? coachGrantsTable.coachId : coachGrantsTable.athleteId;
  return db
    .select({ userId: other, displayName: usersTable.displayName, createdAtMs: coachGrantsTable.createdAtMs })
    .from(coachGrantsTable)
    .innerJoin(usersTable, eq(usersTable.id, other))
    .where(and(byAthlete ? eq(coachGrantsTable.athleteId, side.athleteId) : eq(coachGrantsTable.coachId, side.coachId), isNull(coachGrantsTable.revokedAtMs)));
}
