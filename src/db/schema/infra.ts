import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const INBOX_STATUSES = ['pending', 'processed', 'dropped'] as const;

/** Every accepted webhook, stored before we answer 200. The unique key makes redelivery a no-op. */
export const webhookInboxTable = sqliteTable(
  'webhook_inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    receivedAtMs: integer('received_at_ms').notNull(),
    status: text('status', { enum: INBOX_STATUSES }).notNull().default('pending'),
    processedAtMs: integer('processed_at_ms'),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('webhook_inbox_dedupe').on(t.provider, t.dedupeKey),
    index('webhook_inbox_status').on(t.status, t.id),
  ],
);

const JOB_STATUSES = ['queued', 'running', 'done', 'dead'] as const;

/**
 * The durable job queue. A job is claimed by one atomic conditional UPDATE that sets a lease;
 * a worker that dies leaves an expired lease, and the job is claimed again.
 * Lower `priority` runs first (webhook work before reconciliation before backfill).
 */
export const jobsTable = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    priority: integer('priority').notNull().default(50),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    runAtMs: integer('run_at_ms').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAtMs: integer('lease_expires_at_ms'),
    lastError: text('last_error'),
    /** handler-owned counters kept across attempts and deferrals (e.g. consecutive outages) */
    retryState: text('retry_state', { mode: 'json' }).$type<Record<string, number>>(),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
    completedAtMs: integer('completed_at_ms'),
  },
  (t) => [
    uniqueIndex('jobs_idempotency').on(t.idempotencyKey),
    index('jobs_claim').on(t.status, t.priority, t.runAtMs),
    index('jobs_lease').on(t.status, t.leaseExpiresAtMs),
  ],
);

/** Shared state of an external API's rate limits (one row per app), read by every worker. */
export const rateLimitStateTable = sqliteTable('rate_limit_state', {
  key: text('key').primaryKey(),
  state: text('state', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  updatedAtMs: integer('updated_at_ms').notNull(),
});

/** Small durable key/value facts (e.g. the Strava push subscription id). */
export const metaTable = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAtMs: integer('updated_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
});

/**
 * Strava activities deleted by a webhook event: the activity id and the delete's `event_time`.
 * A fetch that started before the delete must not store the activity afterwards, and an older
 * create/update delivered late must not bring it back; a newer create/update clears the row.
 * Purged after a few days with the raw payloads.
 */
export const stravaDeletionsTable = sqliteTable(
  'strava_deletions',
  {
    activityId: text('activity_id').primaryKey(),
    eventTimeS: integer('event_time_s').notNull(),
    deletedAtMs: integer('deleted_at_ms').notNull(),
  },
  (t) => [index('strava_deletions_deleted_at').on(t.deletedAtMs)],
);
