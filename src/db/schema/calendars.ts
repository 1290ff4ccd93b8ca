import { sql } from 'drizzle-orm';
import { CALENDAR_KINDS } from '../../core/vocabulary';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { usersTable } from './people';

const SYNC_STATES = ['live', 'deleted', 'user_deleted'] as const;

/** A calendar the runner asked us to write to. Credentials are one sealed JSON blob. */
export const calendarTargetsTable = sqliteTable(
  'calendar_targets',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CALENDAR_KINDS }).notNull(),
    credentialsSealed: text('credentials_sealed'),
    /** non-secret settings (server URL, username, chosen calendar) */
    settings: text('settings', { mode: 'json' }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    containerId: text('container_id'),
    status: text('status', { enum: ['pending', 'active', 'needs_reconsent', 'error', 'disabled'] }).notNull().default('pending'),
    lastError: text('last_error'),
    lastSyncedAtMs: integer('last_synced_at_ms'),
    /** one writer per calendar: a sync claims the target with a conditional UPDATE of this lease */
    syncLeaseOwner: text('sync_lease_owner'),
    syncLeaseUntilMs: integer('sync_lease_until_ms'),
    createdAtMs: integer('created_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('calendar_targets_user').on(t.userId)],
);

/** Per session and target: what the remote calendar holds, so a replan writes only differences. */
export const calendarSyncStateTable = sqliteTable(
  'calendar_sync_state',
  {
    targetId: text('target_id').notNull().references(() => calendarTargetsTable.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    remoteId: text('remote_id').notNull(),
    remoteVersion: text('remote_version'),
    contentHash: text('content_hash').notNull(),
    revision: integer('revision').notNull(),
    generation: integer('generation').notNull().default(0),
    state: text('state', { enum: SYNC_STATES }).notNull().default('live'),
    updatedAtMs: integer('updated_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.targetId, t.sessionId] })],
);

/** The private ICS feed: looked up by the SHA-256 of its secret; the secret itself is sealed. */
export const calendarFeedsTable = sqliteTable(
  'calendar_feeds',
  {
    userId: text('user_id').primaryKey().references(() => usersTable.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    secretSealed: text('secret_sealed').notNull(),
    createdAtMs: integer('created_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex('calendar_feeds_secret').on(t.secretHash)],
);

/** Training plans followed elsewhere, read as ICS on a schedule (ETag aware). */
export const planSourcesTable = sqliteTable(
  'plan_sources',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    etag: text('etag'),
    lastModified: text('last_modified'),
    lastFetchedAtMs: integer('last_fetched_at_ms'),
    lastError: text('last_error'),
    plannedRuns: text('planned_runs', { mode: 'json' }).$type<Array<Record<string, unknown>>>().notNull().default(sql`'[]'`),
    createdAtMs: integer('created_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('plan_sources_user').on(t.userId), uniqueIndex('plan_sources_user_url').on(t.userId, t.url)],
);
