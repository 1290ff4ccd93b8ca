import { sql } from 'drizzle-orm';
import { DAY_CLASSES, LOAD_METHODS, PROVIDERS, RACE_PRIORITIES, SPORTS, TERRAINS, WORKOUT_TYPES } from '../../core/vocabulary';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { usersTable } from './people';


/** One completed activity from any source. Derived values stay; the raw payload expires. */
export const activitiesTable = sqliteTable(
  'activities',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: PROVIDERS }).notNull(),
    externalId: text('external_id').notNull(),
    localDate: text('local_date').notNull(),
    startLocal: text('start_local').notNull(),
    utcOffsetMin: integer('utc_offset_min').notNull(),
    startUtcMs: integer('start_utc_ms').notNull(),
    timeZone: text('time_zone'),
    sport: text('sport', { enum: SPORTS }).notNull(),
    name: text('name'),
    durationS: integer('duration_s').notNull(),
    movingTimeS: integer('moving_time_s'),
    distanceM: real('distance_m'),
    elevationGainM: real('elevation_gain_m'),
    avgHrBpm: real('avg_hr_bpm'),
    maxHrBpm: real('max_hr_bpm'),
    hrZoneTimesS: text('hr_zone_times_s', { mode: 'json' }).$type<number[]>(),
    workoutType: text('workout_type', { enum: WORKOUT_TYPES }),
    perceivedExertion: integer('perceived_exertion'),
    load: real('load'),
    loadMethod: text('load_method', { enum: LOAD_METHODS }),
    rawPayload: text('raw_payload'),
    rawExpiresAtMs: integer('raw_expires_at_ms'),
    updatedAtMs: integer('updated_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [
    uniqueIndex('activities_provider_external').on(t.provider, t.externalId),
    index('activities_user_date').on(t.userId, t.localDate),
    index('activities_raw_expiry').on(t.rawExpiresAtMs),
  ],
);

/** The classified calendar of one athlete: actual days up to today, expected days after. */
export const daysTable = sqliteTable(
  'days',
  {
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    dayClass: text('class', { enum: DAY_CLASSES }).notNull(),
    source: text('source', { enum: ['actual', 'expected'] }).notNull(),
    load: real('load').notNull().default(0),
    evidence: text('evidence', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** the Day's activity summaries as served by the API (id, sport, name, duration, load) */
    activities: text('activities', { mode: 'json' }).$type<Array<Record<string, unknown>>>().notNull().default(sql`'[]'`),
    confidence: real('confidence'),
    updatedAtMs: integer('updated_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.userId, t.date] })],
);


export const racesTable = sqliteTable(
  'races',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    distanceM: real('distance_m').notNull(),
    terrain: text('terrain', { enum: TERRAINS }).notNull(),
    priority: text('priority', { enum: RACE_PRIORITIES }).notNull(),
    name: text('name'),
    createdAtMs: integer('created_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('races_user_date').on(t.userId, t.date)],
);

/**
 * Planned strength sessions. `id` is the planner's stable session id (it never contains the date),
 * so a moved session is an update. `revision` grows whenever `contentHash` changes.
 */
export const plannedSessionsTable = sqliteTable(
  'planned_sessions',
  {
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    date: text('date').notNull(),
    start: text('start').notNull(),
    content: text('content', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    revision: integer('revision').notNull().default(1),
    status: text('status', { enum: ['planned', 'cancelled'] }).notNull().default('planned'),
    updatedAtMs: integer('updated_at_ms').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] }), index('planned_sessions_user_date').on(t.userId, t.date)],
);

/** What the runner reported about a planned session. */
export const strengthLogTable = sqliteTable(
  'strength_log',
  {
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    date: text('date').notNull(),
    status: text('status', { enum: ['done', 'skipped'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.sessionId] })],
);
