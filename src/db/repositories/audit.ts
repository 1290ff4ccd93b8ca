import type { Db } from '../client';
import { auditLogTable } from '../schema';

export async function audit(db: Db, entry: { userId: string | null; actor: string; action: string; detail?: Record<string, unknown> }): Promise<void> {
  await db.insert(auditLogTable).values({ userId: entry.userId, actor: entry.actor, action: entry.action, detail: entry.detail ?? null });
}
