import { sql } from 'drizzle-orm';
import { CONNECTION_STATUSES, PROVIDERS } from '../../core/vocabulary';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { usersTable } from './people';


/** A runner's link to an activity provider. Tokens are AES-GCM sealed (src/crypto.ts). */
export const connectionsTable = sqliteTable(
  'connections',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: PROVIDERS }).notNull(),
    externalId: text('external_id').notNull(),
    scopes: text('scopes').notNull().default(''),
    accessTokenSealed: text('access_token_sealed'),
    refreshTokenSealed: text('refresh_token_sealed'),
    expiresAtMs: integer('expires_at_ms'),
    status: text('status', { enum: CONNECTION_STATUSES }).notNull().default('active'),
    lastError: text('last_error'),
    /** set while one worker refreshes the tokens; others wait (no two refreshes race) */
    refreshLeaseUntilMs: integer('refresh_lease_until_ms'),
    createdAtMs: integer('created_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
    updatedAtMs: integer('updated_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [
    uniqueIndex('connections_provider_external').on(t.provider, t.externalId),
    index('connections_user').on(t.userId),
  ],
);

/** Single-use OAuth `state` values: signed in the URL, recorded here so a replay fails. */
export const oauthStatesTable = sqliteTable('oauth_states', {
  nonce: text('nonce').primaryKey(),
  provider: text('provider').notNull(),
  userId: text('user_id'),
  expiresAtMs: integer('expires_at_ms').notNull(),
  usedAtMs: integer('used_at_ms'),
});
