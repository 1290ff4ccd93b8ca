/**
 * Webhook ingest: the durable part of `POST /webhooks/strava`. Validate, check the subscription,
 * insert into `webhook_inbox` under a dedupe key (a redelivery is a no-op), queue the processing
 * job, answer. No Strava call happens here. A crash between the insert and the enqueue is
 * repaired by `sweepStravaInbox` (at start-up and on a schedule).
 */
import { sql } from 'drizzle-orm';
import { findConnection } from '../db/repositories/connections';
import { sweepInbox } from '../db/repositories/inbox';
import { getMeta } from '../db/repositories/meta';
import { webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { enqueueOnePerIdStatement } from '../queue/queue';
import { badRequest } from '../core/errors';
import { WebhookEvent, webhookDedupeKey } from '../../integrations/strava';
import { PRIORITY, STRAVA_JOB } from '../core/jobs';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'logger' | 'jobs' | 'config'>;

export type IngestOutcome = { status: 'queued'; inboxId: number } | { status: 'duplicate' } | { status: 'dropped'; inboxId?: number; reason: string };

/** Meta key of the app's push subscription id (set by `hardday strava subscribe`). */
export const STRAVA_SUBSCRIPTION_META = 'strava.subscription_id';

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

const EVENT_JOB_KEY_PREFIX = 'strava-event:';

function eventJob(inboxId: number) {
  return { kind: STRAVA_JOB.event, payload: { inboxId }, idempotencyKey: `${EVENT_JOB_KEY_PREFIX}${inboxId}`, priority: PRIORITY.webhook };
}

/**
 * Accept one webhook body. Throws 400 (malformed). An event for another subscription is dropped
 * without a trace in the inbox, and answered like any other: a distinct answer would let anyone
 * find the subscription id by trying (events are unsigned).
 */
export async function ingestStravaEvent(deps: Deps, body: unknown): Promise<IngestOutcome> {
  const parsed = WebhookEvent.safeParse(body);
  if (!parsed.success) {
    throw badRequest('not a Strava webhook event', { fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });
  }
  const event = parsed.data;
  const expected = await storedSubscriptionId(deps);
  if (expected !== undefined && expected !== String(event.subscription_id)) {
    deps.logger.warn('strava webhook for another subscription dropped', { subscriptionId: event.subscription_id, ownerId: event.owner_id, objectType: event.object_type });
    return { status: 'dropped', reason: 'unknown subscription' };
  }
  // A revoked owner cached as live is still caught by the processing job, which re-reads the row.
  const dropReason = await ownerDropReason(deps, String(event.owner_id));
  if (dropReason) {
    // Not stored: events for athletes we do not serve are somebody else's (or forged) data.
    deps.logger.info('strava webhook dropped', { reason: dropReason, ownerId: event.owner_id, objectType: event.object_type, aspect: event.aspect_type });
    return { status: 'dropped', reason: dropReason };
  }
  const now = deps.clock.now();
  const inserted = await inboxWriter(deps).write({
    provider: 'strava',
    dedupeKey: webhookDedupeKey(event),
    payload: event as unknown as Record<string, unknown>,
    receivedAtMs: now,
    status: 'pending',
  });
  if (inserted === undefined) return { status: 'duplicate' };
  return { status: 'queued', inboxId: inserted };
}

type InboxInsert = typeof webhookInboxTable.$inferInsert;

/*
 * The batch statements take their rows as one JSON array read with json_each, so the SQL text is
 * the same for any batch size: nothing is rebuilt per row, and SQLite's prepare is the same every
 * time (a multi-row VALUES list was measured at ~45 % of ingest CPU). Each is one atomic statement.
 */
function insertInboxRows(rows: InboxInsert[]) {
  const json = JSON.stringify(
    rows.map((r) => ({ p: r.provider, k: r.dedupeKey, j: JSON.stringify(r.payload), t: r.receivedAtMs, s: r.status ?? 'pending', d: r.processedAtMs ?? null, n: r.note ?? null })),
  );
  return sql`insert into ${webhookInboxTable} (provider, dedupe_key, payload, received_at_ms, status, processed_at_ms, note)
    select value ->> 'p', value ->> 'k', value ->> 'j', value ->> 't', value ->> 's', value ->> 'd', value ->> 'n' from json_each(${json}) where true
    on conflict do nothing
    returning id, dedupe_key as "dedupeKey", status`;
}

interface InboxWriter {
  /** Resolves (after the row and its job are committed) with the new row id, or undefined for a duplicate. */
  write(row: InboxInsert): Promise<number | undefined>;
}

const MAX_BATCH = 200;

/**
 * Run after the requests already read in this turn of the event loop: `setImmediate` where the
 * runtime has it (Node: right after I/O, no 1 ms timer clamp), else a zero timeout.
 */
const nextTurn: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => (globalThis as unknown as { setImmediate: (f: () => void) => void }).setImmediate(fn)
    : (fn) => setTimeout(fn, 0);
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
      const nowMs = deps.clock.now();
      const inserted = await deps.db.all<{ id: number; dedupeKey: string; status: string }>(insertInboxRows(current.map((c) => c.row)));
      const pendingIds = inserted.filter((r) => r.status === 'pending').map((r) => r.id);
      if (pendingIds.length > 0) {
        await deps.db.run(enqueueOnePerIdStatement({ kind: STRAVA_JOB.event, keyPrefix: EVENT_JOB_KEY_PREFIX, payloadField: 'inboxId', ids: pendingIds, priority: PRIORITY.webhook, nowMs, maxAttempts: deps.config.JOB_MAX_ATTEMPTS }));
        deps.jobs.wake();
      }
      const idByKey = new Map(inserted.map((r) => [r.dedupeKey, r.id]));
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
    nextTurn(() => void flush());
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

/**
 * Queue a job for every pending inbox event that has none (a crash between insert and enqueue),
 * and re-arm one whose job is finished or dead-lettered while the event is still pending (see
 * `sweepInbox`). An event dead-lettered twice is dropped: the reconciliation sweep still repairs
 * the activity from the athlete's activity list. Returns how many were queued.
 */
export async function sweepStravaInbox(deps: Deps, limit = 1_000): Promise<number> {
  return sweepInbox(deps, { provider: 'strava', jobKeyPrefix: EVENT_JOB_KEY_PREFIX, jobOf: ({ id }) => eventJob(id), limit });
}
