/**
 * Webhook ingest: the durable part of `POST /webhooks/strava`. Validate, check the subscription,
 * insert into `webhook_inbox` under a dedupe key (a redelivery is a no-op), queue the processing
 * job, answer. No Strava call happens here. A crash between the insert and the enqueue is
 * repaired by `sweepStravaInbox` (at start-up and on a schedule).
 */
import { and, asc, eq } from 'drizzle-orm';
import { findConnection } from '../db/repositories/connections';
import { getMeta } from '../db/repositories/meta';
import { webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { AppError, badRequest } from '../errors';
import { PRIORITY } from '../jobs/queue';
import { WebhookEvent, webhookDedupeKey } from '../../integrations/strava';
import { STRAVA_JOB, STRAVA_SUBSCRIPTION_META } from './strava-kinds';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'logger' | 'jobs'>;

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
  const connection = await findConnection(deps.db, 'strava', String(event.owner_id));
  const dropReason = !connection ? 'unknown owner' : connection.status === 'revoked' ? 'connection revoked' : undefined;
  const now = deps.clock.now();
  const rows = await deps.db
    .insert(webhookInboxTable)
    .values({
      provider: 'strava',
      dedupeKey: webhookDedupeKey(event),
      payload: event as unknown as Record<string, unknown>,
      receivedAtMs: now,
      status: dropReason ? 'dropped' : 'pending',
      ...(dropReason ? { processedAtMs: now, note: dropReason } : {}),
    })
    .onConflictDoNothing()
    .returning({ id: webhookInboxTable.id });
  const row = rows[0];
  if (!row) return { status: 'duplicate' };
  if (dropReason) {
    deps.logger.info('strava webhook dropped', { reason: dropReason, ownerId: event.owner_id, objectType: event.object_type, aspect: event.aspect_type });
    return { status: 'dropped', inboxId: row.id, reason: dropReason };
  }
  await deps.jobs.enqueue(eventJob(row.id));
  return { status: 'queued', inboxId: row.id };
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
