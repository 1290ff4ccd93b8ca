import { and, inArray, lt } from 'drizzle-orm';
import type { Db } from '../client';
import { webhookInboxTable } from '../schema';

/** Drop processed and dropped provider events received before `beforeMs` (pending ones still owe their processing). */
export async function purgeHandledWebhookEvents(db: Db, beforeMs: number): Promise<void> {
  await db.delete(webhookInboxTable).where(and(inArray(webhookInboxTable.status, ['processed', 'dropped']), lt(webhookInboxTable.receivedAtMs, beforeMs)));
}
