import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { athleteSettingsTable, usersTable } from '../db/schema';
import { localDateTime } from '../domain/dates';
import { replanAthlete } from '../services/replan';
import { requestReplan } from '../services/replan-request';
import { JOB } from './kinds';
import { defineJob, type JobHandlers } from './runner';

export const REPLAN_DUE_JOB = 'plan.replan-due';

export const replanHandlers: JobHandlers = {
  [JOB.replan]: defineJob(z.object({ userId: z.string() }), async ({ userId }, { deps }) => {
    const outcome = await replanAthlete(deps, userId);
    if (outcome) deps.logger.info('replanned', { userId, today: outcome.today, created: outcome.created, updated: outcome.updated, cancelled: outcome.cancelled });
  }),
  /** Hourly: replan every runner for whom a new local day has just begun (yesterday becomes history). */
  [REPLAN_DUE_JOB]: defineJob(z.object({}), async (_payload, { deps }) => {
    const rows = await deps.db
      .select({ userId: athleteSettingsTable.userId, timeZone: athleteSettingsTable.timeZone })
      .from(athleteSettingsTable)
      .innerJoin(usersTable, eq(usersTable.id, athleteSettingsTable.userId));
    const now = deps.clock.now();
    for (const row of rows) {
      if (localDateTime(row.timeZone, now).hour === 0) await requestReplan(deps, row.userId, { delayMs: 0 });
    }
  }),
};
