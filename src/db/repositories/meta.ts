import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { metaTable } from '../schema';

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const rows = await db.select({ value: metaTable.value }).from(metaTable).where(eq(metaTable.key, key)).limit(1);
  return rows[0]?.value;
}

export async function setMeta(db: Db, key: string, value: string, nowMs: number): Promise<void> {
  await db
    .insert(metaTable)
    .values({ key, value, updatedAtMs: nowMs })
    .onConflictDoUpdate({ target: metaTable.key, set: { value, updatedAtMs: nowMs } });
}

export async function deleteMeta(db: Db, key: string): Promise<void> {
  await db.delete(metaTable).where(eq(metaTable.key, key));
}

/** Throws when the database does not answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.run(sql`select 1`);
}
