import type { activitiesTable } from '../db/schema';

/** A completed activity as every source (Strava, Garmin, files) hands it to the core. */
export type NewActivity = Omit<typeof activitiesTable.$inferInsert, 'id' | 'userId' | 'load' | 'loadMethod' | 'updatedAtMs'>;
export type ActivityRow = typeof activitiesTable.$inferSelect;
