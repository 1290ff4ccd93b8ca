/**
 * Sign-in throttling in the database (so it holds across processes and Worker isolates):
 * failures per account and per address within a sliding window.
 */
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { signInFailuresTable } from '../db/schema';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export const accountKey = (email: string) => `email:${email}`;
export const addressKey = (address: string) => `ip:${address}`;

async function failuresSince(db: Db, key: string, sinceMs: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(signInFailuresTable).where(and(eq(signInFailuresTable.key, key), gt(signInFailuresTable.atMs, sinceMs)));
  return rows[0]?.n ?? 0;
}

/** True when either key has used up its failures in the window. */
export async function isThrottled(db: Db, email: string, address: string, nowMs: number): Promise<boolean> {
  const since = nowMs - THROTTLE_WINDOW_MS;
  return (await failuresSince(db, accountKey(email), since)) >= MAX_FAILURES_PER_ACCOUNT || (await failuresSince(db, addressKey(address), since)) >= MAX_FAILURES_PER_ADDRESS;
}

export async function recordFailure(db: Db, email: string, address: string, nowMs: number): Promise<void> {
  await db.insert(signInFailuresTable).values([
    { key: accountKey(email), atMs: nowMs },
    { key: addressKey(address), atMs: nowMs },
  ]);
  await db.delete(signInFailuresTable).where(lt(signInFailuresTable.atMs, nowMs - THROTTLE_WINDOW_MS));
}

/** A successful sign-in clears the account's failures (not the address's). */
export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.delete(signInFailuresTable).where(eq(signInFailuresTable.key, accountKey(email)));
}
