/** SQL of the account capability: credentials and invitations. */
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { credentialsTable, invitationsTable, usersTable } from '../db/schema';

export type CredentialRow = typeof credentialsTable.$inferSelect;
export type InvitationRow = typeof invitationsTable.$inferSelect;

export async function countUsers(db: Db): Promise<number> {
  const rows = await db.select({ n: count() }).from(usersTable);
  return rows[0]?.n ?? 0;
}

export async function credentialByEmail(db: Db, email: string): Promise<CredentialRow | undefined> {
  const rows = await db.select().from(credentialsTable).where(eq(credentialsTable.email, email)).limit(1);
  return rows[0];
}

export async function credentialOf(db: Db, userId: string): Promise<CredentialRow | undefined> {
  const rows = await db.select().from(credentialsTable).where(eq(credentialsTable.userId, userId)).limit(1);
  return rows[0];
}

export async function putCredential(db: Db, userId: string, email: string, passwordHash: string): Promise<void> {
  await db
    .insert(credentialsTable)
    .values({ userId, email, passwordHash })
    .onConflictDoUpdate({ target: credentialsTable.userId, set: { email, passwordHash } });
}

export async function insertInvitation(db: Db, row: typeof invitationsTable.$inferInsert): Promise<void> {
  await db.insert(invitationsTable).values(row);
}

export async function invitationByCodeHash(db: Db, codeHash: string): Promise<InvitationRow | undefined> {
  const rows = await db.select().from(invitationsTable).where(eq(invitationsTable.codeHash, codeHash)).limit(1);
  return rows[0];
}

export async function invitationsOf(db: Db, inviterId: string): Promise<InvitationRow[]> {
  return db.select().from(invitationsTable).where(eq(invitationsTable.inviterId, inviterId));
}

export async function updateInvitation(db: Db, id: string, set: Partial<typeof invitationsTable.$inferInsert>): Promise<void> {
  await db.update(invitationsTable).set(set).where(eq(invitationsTable.id, id));
}

export async function revokeInvitationOf(db: Db, inviterId: string, id: string, nowMs: number): Promise<boolean> {
  const rows = await db
    .update(invitationsTable)
    .set({ revokedAtMs: nowMs })
    .where(and(eq(invitationsTable.id, id), eq(invitationsTable.inviterId, inviterId)))
    .returning({ id: invitationsTable.id });
  return rows.length > 0;
}
