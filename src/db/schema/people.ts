import { sql } from 'drizzle-orm';
import { type DayClass, type EQUIPMENT, EXPERIENCE_LEVELS, INJURY_AREAS, SEXES, USER_ROLES } from '../../core/vocabulary';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';


const createdAt = () => integer('created_at_ms').notNull().default(sql`(unixepoch() * 1000)`);

/** Runners and coaches. A runner is created on first provider connect or file import. */
export const usersTable = sqliteTable('users', {
  id: text('id').primaryKey(),
  role: text('role', { enum: USER_ROLES }).notNull().default('runner'),
  displayName: text('display_name'),
  createdAtMs: createdAt(),
});

/** The athlete profile and planning settings edited on the settings page. */
export const athleteSettingsTable = sqliteTable('athlete_settings', {
  userId: text('user_id').primaryKey().references(() => usersTable.id, { onDelete: 'cascade' }),
  timeZone: text('time_zone').notNull().default('UTC'),
  sex: text('sex', { enum: SEXES }),
  hrMaxBpm: integer('hr_max_bpm'),
  hrRestBpm: integer('hr_rest_bpm'),
  lthrBpm: integer('lthr_bpm'),
  thresholdPaceSPerKm: integer('threshold_pace_s_per_km'),
  experience: text('experience', { enum: EXPERIENCE_LEVELS }).notNull().default('regular'),
  equipment: text('equipment', { mode: 'json' }).$type<Array<(typeof EQUIPMENT)[number]>>().notNull().default(sql`'["bodyweight"]'`),
  injuryArea: text('injury_area', { enum: INJURY_AREAS }),
  injuryCanRun: integer('injury_can_run', { mode: 'boolean' }),
  /** a clinician cleared low-impact aerobic work while running is off (R14) */
  injuryLowImpactCleared: integer('injury_low_impact_cleared', { mode: 'boolean' }).notNull().default(false),
  preferredStrengthTime: text('preferred_strength_time'),
  strengthGapAfterRunH: integer('strength_gap_after_run_h'),
  sessionsPerWeek: integer('sessions_per_week'),
  maxSessionMin: integer('max_session_min'),
  weeklyTemplate: text('weekly_template', { mode: 'json' }).$type<Partial<Record<string, DayClass>>>(),
  crossTrainingCounts: integer('cross_training_counts', { mode: 'boolean' }).notNull().default(false),
  updatedAtMs: integer('updated_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
});

/** A coach may see an athlete's data only while a grant exists and is not revoked. */
export const coachGrantsTable = sqliteTable(
  'coach_grants',
  {
    athleteId: text('athlete_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    coachId: text('coach_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    createdAtMs: createdAt(),
    revokedAtMs: integer('revoked_at_ms'),
  },
  (t) => [primaryKey({ columns: [t.athleteId, t.coachId] }), index('coach_grants_coach').on(t.coachId)],
);

/** Browser sessions: the cookie carries a random token, the table only its SHA-256. */
export const authSessionsTable = sqliteTable('auth_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
  expiresAtMs: integer('expires_at_ms').notNull(),
  createdAtMs: createdAt(),
});

/** Personal API tokens (`Authorization: Bearer`), stored as SHA-256 only. */
export const apiTokensTable = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    name: text('name').notNull(),
    createdAtMs: createdAt(),
    lastUsedAtMs: integer('last_used_at_ms'),
    revokedAtMs: integer('revoked_at_ms'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

/** Who did what, for the runner's and operator's eyes. Never holds secrets. */
export const auditLogTable = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    atMs: createdAt(),
  },
  (t) => [index('audit_log_user').on(t.userId, t.atMs)],
);
