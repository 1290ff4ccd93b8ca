/**
 * The operator of an install: the first account created on it (recorded when it is created), or,
 * where none is recorded (an install from before accounts, or after the owner deleted theirs), the
 * earliest remaining account. Sign-up policy, `/api/session` and `/healthz/detail` all ask here.
 */
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { usersTable } from '../schema';
import { deleteMeta, getMeta, setMeta } from './meta';

const OWNER_KEY = 'owner_user_id';

export async function ownerUserId(db: Db): Promise<string | undefined> {
  const recorded = await getMeta(db, OWNER_KEY);
  if (recorded) return recorded;
  const [first] = await db.select({ id: usersTable.id }).from(usersTable).orderBy(asc(usersTable.createdAtMs), sql`rowid`).limit(1);
  return first?.id;
}

export async function isOwner(db: Db, userId: string): Promise<boolean> {
  return (await ownerUserId(db)) === userId;
}

/** Called for every new account: the first one becomes the owner. */
export async function recordOwnerIfFirst(db: Db, userId: string, nowMs: number): Promise<void> {
  if (!(await getMeta(db, OWNER_KEY))) await setMeta(db, OWNER_KEY, userId, nowMs);
}

/** The owner's account is being deleted: ownership falls to the earliest remaining account. */
export async function forgetOwner(db: Db, userId: string): Promise<void> {
  if ((await getMeta(db, OWNER_KEY)) === userId) await deleteMeta(db, OWNER_KEY);
}
