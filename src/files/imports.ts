/**
 * @module files/imports
 * The runner's imported files, as the runs they gave (one entry per activity a file held), and
 * deleting one: the file's contribution goes; a run another source (Strava, Garmin, another file)
 * still holds stays, rebuilt from what is left; the plan is recomputed either way.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { notFound } from '../core/errors';
import type { Provider } from '../core/vocabulary';
import { asSourceData, findSource, removeActivitySource, type SourceData } from '../db/repositories/activities';
import type { Db } from '../db/client';
import { activitiesTable, activitySourcesTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { requestReplan } from '../planning/request';
import { FILE_PROVIDER } from '../../integrations/files/transform';

export interface ImportedRun {
  /** the file's content hash (with `-<n>` for the n-th activity of a multisport file) */
  id: string;
  activityId: string;
  startLocal: string;
  sport: SourceData['sport'];
  name: string | null;
  durationS: number;
  distanceM: number | null;
  /** other sources that hold the same run: it stays when this import is deleted */
  alsoFrom: Provider[];
}

const IMPORT_ID = /^[0-9a-f]{64}(-\d{1,4})?$/;

/** Every run the runner imported from files, newest first. */
export async function listImports(db: Db, userId: string): Promise<ImportedRun[]> {
  const rows = await db
    .select({ externalId: activitySourcesTable.externalId, activityId: activitySourcesTable.activityId, data: activitySourcesTable.data })
    .from(activitySourcesTable)
    .where(and(eq(activitySourcesTable.userId, userId), eq(activitySourcesTable.provider, FILE_PROVIDER)));
  if (rows.length === 0) return [];
  const activityIds = [...new Set(rows.map((r) => r.activityId))];
  const others = new Map<string, Set<Provider>>();
  for (let i = 0; i < activityIds.length; i += 500) {
    const chunk = activityIds.slice(i, i + 500);
    const sources = await db.select({ activityId: activitySourcesTable.activityId, provider: activitySourcesTable.provider }).from(activitySourcesTable).where(inArray(activitySourcesTable.activityId, chunk));
    // a row stored before sources were recorded names its provider on the activity only
    const primaries = await db.select({ activityId: activitiesTable.id, provider: activitiesTable.provider }).from(activitiesTable).where(inArray(activitiesTable.id, chunk));
    for (const s of [...sources, ...primaries]) {
      if (s.provider === FILE_PROVIDER) continue;
      const set = others.get(s.activityId) ?? new Set<Provider>();
      set.add(s.provider);
      others.set(s.activityId, set);
    }
  }
  return rows
    .map((r) => {
      const d = asSourceData(r);
      return {
        id: r.externalId,
        activityId: r.activityId,
        startLocal: d.startLocal,
        sport: d.sport,
        name: d.name ?? null,
        durationS: d.durationS,
        distanceM: d.distanceM ?? null,
        alsoFrom: [...(others.get(r.activityId) ?? [])].sort(),
        startUtcMs: d.startUtcMs,
      };
    })
    .sort((a, b) => b.startUtcMs - a.startUtcMs || a.id.localeCompare(b.id))
    .map(({ startUtcMs: _, ...run }) => run);
}

/**
 * Delete one imported file's run: 404 unless it is the runner's own. Returns whether the run
 * itself stayed (another source holds it).
 */
export async function deleteImport(deps: Pick<AppDeps, 'db' | 'clock' | 'jobs'>, userId: string, id: string): Promise<{ activityKept: boolean }> {
  const source = IMPORT_ID.test(id) ? await findSource(deps.db, FILE_PROVIDER, id) : undefined;
  if (!source || source.userId !== userId) throw notFound(`imported file ${id}`);
  const result = await removeActivitySource(deps.db, FILE_PROVIDER, id, deps.clock.now());
  await requestReplan(deps, userId);
  return { activityKept: result !== undefined && !result.removed };
}
