/**
 * @module planning/effort
 * The runner rates the effort of one of their activities (session RPE, 1–10). Classification and
 * load use a rating when there is one, so a treadmill run without heart rate or distance, which
 * the planner could only call easy and flag (`needsEffortRating`), is classified from it.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound } from '../core/errors';
import type { AppDeps } from '../deps';
import { activitiesTable, activitySourcesTable } from '../db/schema';
import { requestReplan } from './request';

export const EffortSchema = z.object({ rpe: z.number().int().min(1).max(10) }).strict();
export type EffortInput = z.infer<typeof EffortSchema>;

/**
 * Store the rating on the activity (`id` as served in `/api/me/days`: the activity's id there) and
 * on each of its sources, so rebuilding the activity from its sources keeps it (the runner's
 * rating is the latest word, over a rating a source had); then ask for an immediate replan.
 */
export async function rateEffort(deps: Pick<AppDeps, 'db' | 'jobs' | 'clock'>, userId: string, id: string, input: EffortInput): Promise<{ id: string; date: string; perceivedExertion: number }> {
  const { db } = deps;
  const [row] = await db
    .select({ id: activitiesTable.id, localDate: activitiesTable.localDate })
    .from(activitiesTable)
    .where(and(eq(activitiesTable.userId, userId), eq(activitiesTable.externalId, id)))
    .limit(1);
  if (!row) throw notFound('activity');
  const now = deps.clock.now();
  await db.update(activitiesTable).set({ perceivedExertion: input.rpe, updatedAtMs: now }).where(eq(activitiesTable.id, row.id));
  const sources = await db.select().from(activitySourcesTable).where(eq(activitySourcesTable.activityId, row.id));
  for (const s of sources) {
    if (s.data.perceivedExertion === input.rpe) continue;
    await db
      .update(activitySourcesTable)
      .set({ data: { ...s.data, perceivedExertion: input.rpe }, updatedAtMs: now })
      .where(and(eq(activitySourcesTable.provider, s.provider), eq(activitySourcesTable.externalId, s.externalId)));
  }
  await requestReplan(deps, userId, { delayMs: 0 });
  return { id, date: row.localDate, perceivedExertion: input.rpe };
}
