/**
 * Sessions and API tokens. Both hand the caller a random secret once and keep only its SHA-256,
 * so a copy of the database does not let anyone sign in.
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { randomToken, sha256Hex } from '../../core/crypto';
import type { Db } from '../client';
import { apiTokensTable, authSessionsTable, usersTable } from '../schema';
import type { User } from './users';

export const SESSION_TTL_MS = 30 * 24 * 3600_000;

export async function createAuthSession(db: Db, userId: string, nowMs: number): Promise<string> {
  const token = randomToken(32);
  await db.insert(authSessionsTable).values({ tokenHash: await sha256Hex(token), userId, expiresAtMs: nowMs + SESSION_TTL_MS });
  return token;
}

export async function userForSession(db: Db, token: string, nowMs: number): Promise<User | undefined> {
  const rows = await db
    .select({ user: usersTable })
    .from(authSessionsTable)
    .innerJoin(usersTable, eq(usersTable.id, authSessionsTable.userId))
    .where(and(eq(authSessionsTable.tokenHash, await sha256Hex(token)), gt(authSessionsTable.expiresAtMs, nowMs)))
    .limit(1);
  return rows[0]?.user;
}

export async function endAuthSession(db: Db, token: string): Promise<void> {
  await db.delete(authSessionsTable).where(eq(authSessionsTable.tokenHash, await sha256Hex(token)));
}

export async function purgeExpiredSessions(db: Db, nowMs: number): Promise<void> {
  await db.delete(authSessionsTable).where(lt(authSessionsTable.expiresAtMs, nowMs));
}

/** Create a personal API token; the plaintext is returned once and never stored. */
export async function createApiToken(db: Db, userId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `hd_${randomToken(32)}`;
  const id = crypto.randomUUID();
  await db.insert(apiTokensTable).values({ id, userId, name, tokenHash: await sha256Hex(token) });
  return { id, token };
}

/** True when the person had that token (revoking twice is harmless). */
export async function revokeApiToken(db: Db, userId: string, tokenId: string, nowMs: number): Promise<boolean> {
  const rows = await db
    .update(apiTokensTable)
    .set({ revokedAtMs: nowMs })
    .where(and(eq(apiTokensTable.id, tokenId), eq(apiTokensTable.userId, userId)))
    .returning({ id: apiTokensTable.id });
  return rows.length > 0;
}

export async function userForApiToken(db: Db, token: string, nowMs: number): Promise<User | undefined> {
  const hash = await sha256Hex(token);
  const rows = await db
    .select({ user: usersTable, id: apiTokensTable.id })
    .from(apiTokensTable)
    .innerJoin(usersTable, eq(usersTable.id, apiTokensTable.userId))
    .where(and(eq(apiTokensTable.tokenHash, hash), isNull(apiTokensTable.revokedAtMs)))
    .limit(1);
  const row = rows[0];
  if (!row) return undefined;
  await db.update(apiTokensTable).set({ lastUsedAtMs: nowMs }).where(eq(apiTokensTable.id, row.id));
  return row.user;
}

/** "Sign out everywhere": every session of the person ends. */
export async function endAllAuthSessions(db: Db, userId: string): Promise<number> {
  const rows = await db.delete(authSessionsTable).where(eq(authSessionsTable.userId, userId)).returning({ h: authSessionsTable.tokenHash });
  return rows.length;
}

export async function apiTokensOf(db: Db, userId: string) {
  return db
    .select({ id: apiTokensTable.id, name: apiTokensTable.name, createdAtMs: apiTokensTable.createdAtMs, lastUsedAtMs: apiTokensTable.lastUsedAtMs })
    .from(apiTokensTable)
    .where(and(eq(apiTokensTable.userId, userId), isNull(apiTokensTable.revokedAtMs)));
}
