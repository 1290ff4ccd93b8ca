/**
 * Provider connections. Tokens go in and out of this module as plaintext and are sealed with
 * AES-GCM on the way to the database: no other module touches the sealed columns.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Secrets } from '../../core/crypto';
import type { Db } from '../client';
import { connectionsTable } from '../schema';
import type { Provider } from '../../core/vocabulary';

export type ConnectionRow = typeof connectionsTable.$inferSelect;
export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
}

export async function upsertConnection(
  db: Db,
  secrets: Secrets,
  input: { userId: string; provider: Provider; externalId: string; scopes: string; tokens: ConnectionTokens; nowMs: number },
): Promise<ConnectionRow> {
  const sealed = {
    accessTokenSealed: await secrets.encrypt(input.tokens.accessToken),
    refreshTokenSealed: await secrets.encrypt(input.tokens.refreshToken),
    expiresAtMs: input.tokens.expiresAtMs,
  };
  const [row] = await db
    .insert(connectionsTable)
    .values({ id: crypto.randomUUID(), userId: input.userId, provider: input.provider, externalId: input.externalId, scopes: input.scopes, status: 'active', ...sealed, updatedAtMs: input.nowMs })
    .onConflictDoUpdate({
      target: [connectionsTable.provider, connectionsTable.externalId],
      set: { userId: input.userId, scopes: input.scopes, status: 'active', lastError: null, ...sealed, updatedAtMs: input.nowMs },
    })
    .returning();
  if (!row) throw new Error('connection upsert returned nothing');
  return row;
}

/**
 * Persist refreshed tokens. Written before the new access token is used (rotation-safe). The
 * status stays as it is (a connection waiting for re-consent stays so); an active connection's
 * last error is cleared, and any refresh lease on the row is released.
 */
export async function saveTokens(db: Db, secrets: Secrets, connectionId: string, tokens: ConnectionTokens, nowMs: number): Promise<void> {
  await db
    .update(connectionsTable)
    .set({
      accessTokenSealed: await secrets.encrypt(tokens.accessToken),
      refreshTokenSealed: await secrets.encrypt(tokens.refreshToken),
      expiresAtMs: tokens.expiresAtMs,
      lastError: sql`case when ${connectionsTable.status} = 'active' then null else ${connectionsTable.lastError} end`,
      refreshLeaseUntilMs: null,
      updatedAtMs: nowMs,
    })
    .where(eq(connectionsTable.id, connectionId));
}

export async function readTokens(secrets: Secrets, row: ConnectionRow): Promise<ConnectionTokens | undefined> {
  if (!row.accessTokenSealed || !row.refreshTokenSealed) return undefined;
  return {
    accessToken: await secrets.decrypt(row.accessTokenSealed),
    refreshToken: await secrets.decrypt(row.refreshTokenSealed),
    expiresAtMs: row.expiresAtMs ?? 0,
  };
}

export async function findConnection(db: Db, provider: Provider, externalId: string): Promise<ConnectionRow | undefined> {
  const rows = await db
    .select()
    .from(connectionsTable)
    .where(and(eq(connectionsTable.provider, provider), eq(connectionsTable.externalId, externalId)))
    .limit(1);
  return rows[0];
}

export async function connectionsOfUser(db: Db, userId: string): Promise<ConnectionRow[]> {
  return db.select().from(connectionsTable).where(eq(connectionsTable.userId, userId));
}

export async function markConnection(db: Db, connectionId: string, status: ConnectionRow['status'], lastError: string | null, nowMs: number): Promise<void> {
  await db.update(connectionsTable).set({ status, lastError, updatedAtMs: nowMs }).where(eq(connectionsTable.id, connectionId));
}

/** Forget the tokens (revocation, deauthorization); the row stays as a tombstone. */
export async function dropTokens(db: Db, connectionId: string, nowMs: number): Promise<void> {
  await db
    .update(connectionsTable)
    .set({ accessTokenSealed: null, refreshTokenSealed: null, expiresAtMs: null, status: 'revoked', updatedAtMs: nowMs })
    .where(eq(connectionsTable.id, connectionId));
}
