/**
 * Webhook ingest: the durable part of `POST /webhooks/strava`. Validate, check the subscription,
 * insert into `webhook_inbox` under a dedupe key (a redelivery is a no-op), queue the processing
 * job, answer. No Strava call happens here. A crash between the insert and the enqueue is
 * repaired by `sweepStravaInbox` (at start-up and on a schedule).
 */
import { and, asc, eq } from 'drizzle-orm';
import { findConnection } from '../db/repositories/connections';
import { getMeta } from '../db/repositories/meta';
import { jobsTable, webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { AppError, badRequest } from '../errors';
import { PRIORITY } from '../jobs/queue';
import { WebhookEvent, webhookDedupeKey } from '../../integrations/strava';
import { STRAVA_JOB, STRAVA_SUBSCRIPTION_META } from './strava-kinds';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'logger' | 'jobs' | 'config'>;

export type IngestOutcome = { status: 'queued'; inboxId: number } | { status: 'duplicate' } | { status: 'dropped'; inboxId: number; reason: string };

const SUBSCRIPTION_CACHE_MS = 5_000;
const subscriptionCache = new WeakMap<object, { value: string | undefined; atMs: number }>();

/** The stored push-subscription id, cached briefly (it changes only through the CLI). */
async function storedSubscriptionId(deps: Deps): Promise<string | undefined> {
  const now = deps.clock.now();
  const hit = subscriptionCache.get(deps.db);
  if (hit && now - hit.atMs >= 0 && now - hit.atMs < SUBSCRIPTION_CACHE_MS) return hit.value;
  const value = await getMeta(deps.db, STRAVA_SUBSCRIPTION_META);
  subscriptionCache.set(deps.db, { value, atMs: now });
  if (value === undefined) deps.logger.warn('strava webhook accepted without a stored subscription id; run `hardday strava subscribe`');
  return value;
}

const OWNER_CACHE_MS = 5_000;
const activeOwners = new WeakMap<object, Map<string, number>>();

/**
 * Drop reason for an event's owner, or undefined when the owner has a live connection. Only
 * "known and live" is cached (briefly): a new connection must never be taken for unknown.
 */
async function ownerDropReason(deps: Deps, ownerId: string): Promise<string | undefined> {
  const now = deps.clock.now();
  let cache = activeOwners.get(deps.db);
  if (!cache) {
    cache = new Map();
    activeOwners.set(deps.db, cache);
  }
  const seenAt = cache.get(ownerId);
  if (seenAt !== undefined && now - seenAt >= 0 && now - seenAt < OWNER_CACHE_MS) return undefined;
  const connection = await findConnection(deps.db, 'strava', ownerId);
  if (!connection) return 'unknown owner';
  if (connection.status === 'revoked') {
    cache.delete(ownerId);
    return 'connection revoked';
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(ownerId, now);
  return undefined;
}

/** Forget the cached subscription id (after subscribe/unsubscribe in this process). */
export function forgetSubscriptionCache(deps: Pick<AppDeps, 'db'>): void {
  subscriptionCache.delete(deps.db);
}

export function eventJob(inboxId: number) {
  return { kind: STRAVA_JOB.event, payload: { inboxId }, idempotencyKey: `strava-event:${inboxId}`, priority: PRIORITY.webhook };
}

/** Accept one webhook body. Throws 400 (malformed) or 403 (another subscription). */
export async function ingestStravaEvent(deps: Deps, body: unknown): Promise<IngestOutcome> {
  const parsed = WebhookEvent.safeParse(body);
  if (!parsed.success) {
    throw badRequest('not a Strava webhook event', { fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });
  }
  const event = parsed.data;
  const expected = await storedSubscriptionId(deps);
  if (expected !== undefined && expected !== String(event.subscription_id)) {
    deps.logger.warn('strava webhook for another subscription refused', { subscriptionId: event.subscription_id });
    throw new AppError('FORBIDDEN', 'unknown subscription_id');
  }
  // A revoked owner cached as live is still caught by the processing job, which re-reads the row.
  const dropReason = await ownerDropReason(deps, String(event.owner_id));
  const now = deps.clock.now();
  const inserted = await inboxWriter(deps).write({
    provider: 'strava',
    dedupeKey: webhookDedupeKey(event),
    payload: event as unknown as Record<string, unknown>,
    receivedAtMs: now,
    status: dropReason ? 'dropped' : 'pending',
    ...(dropReason ? { processedAtMs: now, note: dropReason } : {}),
  });
  if (inserted === undefined) return { status: 'duplicate' };
  if (dropReason) {
    deps.logger.info('strava webhook dropped', { reason: dropReason, ownerId: event.owner_id, objectType: event.object_type, aspect: event.aspect_type });
    return { status: 'dropped', inboxId: inserted, reason: dropReason };
  }
  return { status: 'queued', inboxId: inserted };
}

type InboxInsert = typeof webhookInboxTable.$inferInsert;

interface InboxWriter {
  /** Resolves (after the row and its job are committed) with the new row id, or undefined for a duplicate. */
  write(row: InboxInsert): Promise<number | undefined>;
}

const MAX_BATCH = 200;
const writers = new WeakMap<object, InboxWriter>();

/**
 * Group commit: events arriving in the same tick are written with one multi-row INSERT into the
 * inbox and one into the job queue (each a single atomic statement, no transaction needed), and
 * every request waits for the commit that holds its row before answering. Under load this turns
 * two statements per event into two per batch.
 */
function inboxWriter(deps: Deps): InboxWriter {
  const cached = writers.get(deps.db);
  if (cached) return cached;
  const batch: Array<{ row: InboxInsert; resolve: (id: number | undefined) => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const current = batch.splice(0, MAX_BATCH);
    if (batch.length > 0) schedule();
    try {
      const inserted = await deps.db
        .insert(webhookInboxTable)
        .values(current.map((c) => c.row))
        .onConflictDoNothing()
        .returning({ id: webhookInboxTable.id, dedupeKey: webhookInboxTable.dedupeKey, status: webhookInboxTable.status });
      const idByKey = new Map(inserted.map((r) => [r.dedupeKey, r.id]));
      const jobs = inserted.filter((r) => r.status === 'pending').map((r) => eventJob(r.id));
      const last = jobs.pop();
      if (jobs.length > 0) {
        const nowMs = deps.clock.now();
        await deps.db
          .insert(jobsTable)
          .values(jobs.map((j) => ({ ...j, runAtMs: nowMs, maxAttempts: deps.config.JOB_MAX_ATTEMPTS, createdAtMs: nowMs, updatedAtMs: nowMs })))
          .onConflictDoNothing({ target: jobsTable.idempotencyKey });
      }
      // The last one through the queue port, which also wakes the runner.
      if (last) await deps.jobs.enqueue(last);
      for (const c of current) {
        const id = idByKey.get(c.row.dedupeKey);
        // Only the first of several identical deliveries in one batch owns the new row.
        if (id !== undefined) idByKey.delete(c.row.dedupeKey);
        c.resolve(id);
      }
    } catch (error) {
      for (const c of current) c.reject(error);
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => void flush(), 0);
  }

  const writer: InboxWriter = {
    write(row) {
      return new Promise((resolve, reject) => {
        batch.push({ row, resolve, reject });
        schedule();
      });
    },
  };
  writers.set(deps.db, writer);
  return writer;
}

/** Queue a job for every pending inbox event (idempotent: the job key names the inbox row). */
export async function sweepStravaInbox(deps: Deps, limit = 1_000): Promise<number> {
  const pending = await deps.db
    .select({ id: webhookInboxTable.id })
    .from(webhookInboxTable)
    .where(and(eq(webhookInboxTable.provider, 'strava'), eq(webhookInboxTable.status, 'pending')))
    .orderBy(asc(webhookInboxTable.id))
    .limit(limit);
  let queued = 0;
  for (const { id } of pending) if (await deps.jobs.enqueue(eventJob(id))) queued++;
  if (queued > 0) deps.logger.warn('strava inbox sweep re-queued events', { queued });
  return queued;
}
