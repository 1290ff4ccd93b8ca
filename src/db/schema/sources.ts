import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { PROVIDERS } from '../../core/vocabulary';
import { usersTable } from './people';
import { activitiesTable } from './training';

/**
 * Every origin of a stored activity. The same run synced from Strava and imported from a file (or
 * pushed by Garmin) is one `activities` row with two rows here; each keeps what its source said
 * (`data`: the `NewActivity` fields minus the raw payload), so removing one source rebuilds the
 * activity from the others instead of deleting it.
 */
export const activitySourcesTable = sqliteTable(
  'activity_sources',
  {
    provider: text('provider', { enum: PROVIDERS }).notNull(),
    externalId: text('external_id').notNull(),
    activityId: text('activity_id').notNull().references(() => activitiesTable.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.externalId] }), index('activity_sources_activity').on(t.activityId), index('activity_sources_user').on(t.userId)],
);
