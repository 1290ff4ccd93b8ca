import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { EnqueueInput } from '../../core/jobs';
import type { Logger } from '../../core/log';
import type { Clock } from '../../core/ports/clock';
import type { JobQueue } from '../../core/ports/job-queue';
import type { Provider } from '../../core/vocabulary';
import type { Db } from '../client';
import { jobsTable, webhookInboxTable } from '../schema';

/** Drop processed and dropped provider events received before `beforeMs` (pending ones still owe their processing). */
export async function purgeHandledWebhookEvents(db: Db, beforeMs: number): Promise<void> {
  await db.delete(webhookInboxTable).where(and(inArray(webhookInboxTable.status, ['processed', 'dropped']), lt(webhookInboxTable.receivedAtMs, beforeMs)));
}

/** Inbox note marking an event whose dead-lettered job the sweep has re-armed once. */
const REARMED_NOTE = 're-armed by the inbox sweep';

export interface InboxSweep {
  provider: Provider;
  /** the event job's idempotency key is this prefix followed by the inbox id */
  jobKeyPrefix: string;
  /** the job that processes one event (its key must be `jobKeyPrefix + id`); undefined drops an unreadable event */
  jobOf(event: { id: number; payload: Record<string, unknown> }): EnqueueInput | undefined;
  /** events looked at per sweep */
  limit?: number;
}

/**
 * One provider's inbox sweep: queue a job for every pending event that has none (a crash between
 * the insert and the enqueue), and re-arm one whose job is finished or dead-lettered while the
 * event is still pending, once; an event dead-lettered again is dropped, visibly. An accepted
 * event (a deauthorization above all) must not be left unprocessed. Returns how many were queued.
 */
export async function sweepInbox(deps: { db: Db; clock: Clock; jobs: JobQueue; logger: Logger }, sweep: InboxSweep): Promise<number> {
  const { db } = deps;
  const stuck = await db
    .select({ id: webhookInboxTable.id, payload: webhookInboxTable.payload, note: webhookInboxTable.note, jobStatus: jobsTable.status, lastError: jobsTable.lastError })
    .from(webhookInboxTable)
    .leftJoin(jobsTable, eq(jobsTable.idempotencyKey, sql`${sweep.jobKeyPrefix} || ${webhookInboxTable.id}`))
    .where(and(eq(webhookInboxTable.provider, sweep.provider), eq(webhookInboxTable.status, 'pending'), or(isNull(jobsTable.id), inArray(jobsTable.status, ['done', 'dead']))))
    .orderBy(asc(webhookInboxTable.id))
    .limit(sweep.limit ?? 1_000);
  let queued = 0;
  const rearmed: Array<{ inboxId: number; status: string; lastError: string | null }> = [];
  const gaveUp: Array<{ inboxId: number; lastError: string | null }> = [];
  const drop = (id: number, note: string) =>
    db
      .update(webhookInboxTable)
      .set({ status: 'dropped', processedAtMs: deps.clock.now(), note: note.slice(0, 500) })
      .where(and(eq(webhookInboxTable.id, id), eq(webhookInboxTable.status, 'pending')));
  for (const { id, payload, note, jobStatus, lastError } of stuck) {
    const job = sweep.jobOf({ id, payload });
    if (!job) {
      await drop(id, 'unreadable event (inbox sweep)');
      continue;
    }
    if (jobStatus === null) {
      if (await deps.jobs.enqueue(job)) queued++;
      continue;
    }
    if (jobStatus === 'dead' && note === REARMED_NOTE) {
      await drop(id, `gave up after a second dead letter: ${lastError ?? 'unknown error'}`);
      gaveUp.push({ inboxId: id, lastError });
      continue;
    }
    await db.update(webhookInboxTable).set({ note: REARMED_NOTE }).where(eq(webhookInboxTable.id, id));
    await deps.jobs.enqueueOrPostpone({ ...job, runAtMs: deps.clock.now() });
    rearmed.push({ inboxId: id, status: jobStatus, lastError });
  }
  const who = `${sweep.provider} inbox sweep`;
  if (queued > 0) deps.logger.warn(`${who} re-queued events`, { queued });
  if (rearmed.length > 0) deps.logger.error(`${who} re-armed finished jobs of events still pending`, { rearmed });
  if (gaveUp.length > 0) deps.logger.error(`${who} gave up on events dead-lettered twice`, { gaveUp });
  return queued + rearmed.length;
}
