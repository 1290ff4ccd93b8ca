/**
 * Accounts: email/password credentials, sign-in attempts (throttling that holds across
 * processes) and invitations (runner → coach and coach → runner).
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { usersTable } from './people';

/** Email and password of an account; a Strava-only account has no row until it adds one. */
export const credentialsTable = sqliteTable(
  'credentials',
  {
    userId: text('user_id').primaryKey().references(() => usersTable.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url), see src/account/passwords.ts */
    passwordHash: text('password_hash').notNull(),
    createdAtMs: integer('created_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex('credentials_email').on(t.email)],
);

/** Failed sign-ins, keyed `email:<addr>` or `ip:<addr>`; rows older than the window are purged. */
export const signInFailuresTable = sqliteTable(
  'sign_in_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [index('sign_in_failures_key').on(t.key, t.atMs)],
);

export const INVITE_KINDS = ['coach', 'athlete'] as const;

/**
 * A single-use invitation. `coach`: the inviter is a runner asking someone to coach them;
 * `athlete`: the inviter is a coach asking a runner to grant access. Only the code's SHA-256 is kept.
 */
export const invitationsTable = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    codeHash: text('code_hash').notNull(),
    kind: text('kind', { enum: INVITE_KINDS }).notNull(),
    inviterId: text('inviter_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    createdAtMs: integer('created_at_ms').notNull(),
    expiresAtMs: integer('expires_at_ms').notNull(),
    usedAtMs: integer('used_at_ms'),
    usedBy: text('used_by').references(() => usersTable.id, { onDelete: 'set null' }),
    revokedAtMs: integer('revoked_at_ms'),
  },
  (t) => [uniqueIndex('invitations_code').on(t.codeHash), index('invitations_inviter').on(t.inviterId)],
);

/** The runner's effort rating (1–10) for a session marked done, beside `strength_log`. */
export const sessionEffortsTable = sqliteTable('session_efforts', {
  userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
  sessionId: text('session_id').notNull(),
  effort: integer('effort').notNull(),
  atMs: integer('at_ms').notNull(),
}, (t) => [uniqueIndex('session_efforts_pk').on(t.userId, t.sessionId)]);
