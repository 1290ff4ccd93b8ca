/**
 * Activities and their origins. One run is one `activities` row however many sources report it
 * (Strava, Garmin, files): a new activity whose start is within MATCH_WINDOW_MS of a stored one of
 * the same runner, with distances within MATCH_DISTANCE_RATIO, joins it as another source. The row
 * is always composed from its sources (the richest one as the base, gaps filled from the others);
 * removing a source rebuilds it from those left and deletes it only with the last one.
 * No transactions (D1): each step is one statement, and every step is safe to repeat.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, lte, ne, sql } from 'drizzle-orm';
import type { NewActivity } from '../../core/activity';
import type { Provider } from '../../core/vocabulary';
import type { Db } from '../client';
import { activitiesTable, activitySourcesTable } from '../schema';

export type ActivityRow = typeof activitiesTable.$inferSelect;
export type ActivitySourceRow = typeof activitySourcesTable.$inferSelect;

/** Two records are the same run when they start this close… */
export const MATCH_WINDOW_MS = 2 * 60_000;
/** …and their distances differ by at most this share of the longer one. */
export const MATCH_DISTANCE_RATIO = 0.03;

/** What one source said about an activity (the raw payload stays on the activity row only). */
export type SourceData = Omit<NewActivity, 'rawPayload' | 'rawExpiresAtMs'>;

const DETAIL_FIELDS = ['name', 'movingTimeS', 'distanceM', 'elevationGainM', 'avgHrBpm', 'maxHrBpm', 'hrZoneTimesS', 'workoutType', 'perceivedExertion', 'timeZone'] as const;

/** How much a record tells: the number of optional details it has. */
export function richness(a: Partial<SourceData>): number {
  return DETAIL_FIELDS.filter((f) => a[f] !== null && a[f] !== undefined).length;
}

/** Same run? Start within the window, and distances within the ratio (durations when neither has one). */
export function isSameRun(a: Pick<SourceData, 'startUtcMs' | 'distanceM' | 'durationS'>, b: Pick<SourceData, 'startUtcMs' | 'distanceM' | 'durationS'>): boolean {
  if (Math.abs(a.startUtcMs - b.startUtcMs) > MATCH_WINDOW_MS) return false;
  const da = a.distanceM ?? 0;
  const db = b.distanceM ?? 0;
  if (da > 0 && db > 0) return Math.abs(da - db) <= MATCH_DISTANCE_RATIO * Math.max(da, db);
  if (da > 0 || db > 0) return false;
  return Math.abs(a.durationS - b.durationS) <= MATCH_DISTANCE_RATIO * Math.max(a.durationS, b.durationS, 1);
}

function sourceDataOf(a: NewActivity | ActivityRow): SourceData {
  return {
    provider: a.provider,
    externalId: a.externalId,
    localDate: a.localDate,
    startLocal: a.startLocal,
    utcOffsetMin: a.utcOffsetMin,
    startUtcMs: a.startUtcMs,
    timeZone: a.timeZone ?? null,
    sport: a.sport,
    name: a.name ?? null,
    durationS: a.durationS,
    movingTimeS: a.movingTimeS ?? null,
    distanceM: a.distanceM ?? null,
    elevationGainM: a.elevationGainM ?? null,
    avgHrBpm: a.avgHrBpm ?? null,
    maxHrBpm: a.maxHrBpm ?? null,
    hrZoneTimesS: a.hrZoneTimesS ?? null,
    workoutType: a.workoutType ?? null,
    perceivedExertion: a.perceivedExertion ?? null,
  };
}

/**
 * The activity as its sources tell it: the richest source (the first listed on a tie) is the base
 * and names the activity's provider and id; its missing details come from the others.
 */
export function composeSources(sources: readonly SourceData[]): SourceData {
  const ranked = sources.map((s, i) => ({ s, i, r: richness(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const first = ranked[0];
  if (!first) throw new Error('an activity needs at least one source');
  const out: SourceData = { ...first.s };
  for (const { s } of ranked.slice(1)) {
    for (const f of DETAIL_FIELDS) {
      if ((out[f] === null || out[f] === undefined) && s[f] !== null && s[f] !== undefined) (out as Record<string, unknown>)[f] = s[f];
    }
    // 'default' only says "a run"; a source that knows it was a race, long run or workout wins
    if (out.workoutType === 'default' && s.workoutType && s.workoutType !== 'default') out.workoutType = s.workoutType;
  }
  return out;
}

export const asSourceData = (row: Pick<ActivitySourceRow, 'data'>): SourceData => row.data as unknown as SourceData;

/**
 * The runner's effort rating (PUT /api/me/activities/<id>/effort) is kept on the sources: a
 * source that sends its record again without a rating does not erase it (one with a rating of
 * its own replaces it: the latest word wins).
 */
function keepRating(data: SourceData, stored: ActivitySourceRow | undefined): SourceData {
  const rated = stored ? asSourceData(stored).perceivedExertion : null;
  return data.perceivedExertion == null && rated != null ? { ...data, perceivedExertion: rated } : data;
}

async function sourcesOfActivity(db: Db, activityId: string): Promise<ActivitySourceRow[]> {
  return db.select().from(activitySourcesTable).where(eq(activitySourcesTable.activityId, activityId)).orderBy(asc(activitySourcesTable.updatedAtMs));
}

export async function activitySources(db: Db, activityId: string): Promise<Array<{ provider: Provider; externalId: string }>> {
  return (await sourcesOfActivity(db, activityId)).map((s) => ({ provider: s.provider, externalId: s.externalId }));
}

/*
 * The lookups every stored activity makes (an import of a thousand files makes them a thousand
 * times) are prepared once per database: building a drizzle query costs more than running it.
 */
function prepareLookups(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  return {
    source: db
      .select()
      .from(activitySourcesTable)
      .where(and(eq(activitySourcesTable.provider, p('provider')), eq(activitySourcesTable.externalId, p('externalId'))))
      .limit(1)
      .prepare(),
    byId: db.select().from(activitiesTable).where(eq(activitiesTable.id, p('id'))).limit(1).prepare(),
    byProviderId: db
      .select()
      .from(activitiesTable)
      .where(and(eq(activitiesTable.provider, p('provider')), eq(activitiesTable.externalId, p('externalId'))))
      .limit(1)
      .prepare(),
    // `exceptId` '' excludes nothing (ids are never empty)
    near: db
      .select()
      .from(activitiesTable)
      .where(and(eq(activitiesTable.userId, p('userId')), gte(activitiesTable.startUtcMs, p('fromMs')), lte(activitiesTable.startUtcMs, p('toMs')), ne(activitiesTable.id, p('exceptId'))))
      .orderBy(asc(activitiesTable.startUtcMs))
      .prepare(),
    insert: db
      .insert(activitiesTable)
      .values({
        id: p('id'),
        userId: p('userId'),
        provider: p('provider'),
        externalId: p('externalId'),
        localDate: p('localDate'),
        startLocal: p('startLocal'),
        utcOffsetMin: p('utcOffsetMin'),
        startUtcMs: p('startUtcMs'),
        timeZone: p('timeZone'),
        sport: p('sport'),
        name: p('name'),
        durationS: p('durationS'),
        movingTimeS: p('movingTimeS'),
        distanceM: p('distanceM'),
        elevationGainM: p('elevationGainM'),
        avgHrBpm: p('avgHrBpm'),
        maxHrBpm: p('maxHrBpm'),
        // the JSON text (or SQL NULL) is passed as it is: the column's encoder would store null as 'null'
        hrZoneTimesS: sql`${p('hrZoneTimesS')}`,
        workoutType: p('workoutType'),
        perceivedExertion: p('perceivedExertion'),
        rawPayload: p('rawPayload'),
        rawExpiresAtMs: p('rawExpiresAtMs'),
        updatedAtMs: p('updatedAtMs'),
      })
      .returning()
      .prepare(),
    putSource: db
      .insert(activitySourcesTable)
      .values({ provider: p('provider'), externalId: p('externalId'), activityId: p('activityId'), userId: p('userId'), data: p('data'), updatedAtMs: p('updatedAtMs') })
      .onConflictDoUpdate({
        target: [activitySourcesTable.provider, activitySourcesTable.externalId],
        set: { activityId: sql`excluded.activity_id`, userId: sql`excluded.user_id`, data: sql`excluded.data`, updatedAtMs: sql`excluded.updated_at_ms` },
      })
      .prepare(),
  };
}

const lookupsByDb = new WeakMap<Db, ReturnType<typeof prepareLookups>>();

function lookups(db: Db): ReturnType<typeof prepareLookups> {
  let l = lookupsByDb.get(db);
  if (!l) {
    l = prepareLookups(db);
    lookupsByDb.set(db, l);
  }
  return l;
}

export async function findSource(db: Db, provider: Provider, externalId: string): Promise<ActivitySourceRow | undefined> {
  return (await lookups(db).source.all({ provider, externalId }))[0];
}

async function rowById(db: Db, id: string): Promise<ActivityRow | undefined> {
  return (await lookups(db).byId.all({ id }))[0];
}

async function putSource(db: Db, activityId: string, userId: string, data: SourceData, nowMs: number): Promise<void> {
  await lookups(db).putSource.run({ provider: data.provider, externalId: data.externalId, activityId, userId, data, updatedAtMs: nowMs });
}

/**
 * Rewrite the activity row from its sources. `dropRaw` clears the raw payload (its source left).
 * A row with no source rows (stored before sources were recorded) is left as it is.
 */
async function recompose(db: Db, row: ActivityRow, nowMs: number, opts: { dropRaw?: boolean } = {}): Promise<ActivityRow> {
  const sources = await sourcesOfActivity(db, row.id);
  if (sources.length === 0) return row;
  // the current primary first, so a tie keeps it
  sources.sort((a, b) => Number(b.provider === row.provider && b.externalId === row.externalId) - Number(a.provider === row.provider && a.externalId === row.externalId));
  const composed = composeSources(sources.map(asSourceData));
  const set = { ...composed, updatedAtMs: nowMs, ...(opts.dropRaw || composed.provider !== row.provider ? { rawPayload: null, rawExpiresAtMs: null } : {}) };
  const [updated] = await db.update(activitiesTable).set(set).where(eq(activitiesTable.id, row.id)).returning();
  return updated ?? row;
}

/**
 * Stored activities of the runner that are the same run as `a` (the row itself excluded). An API
 * provider's own records are never merged with each other (its ids already tell its runs apart:
 * two Strava uploads of one run are the runner's to delete); files are, across formats and exports.
 */
async function matchesOf(db: Db, userId: string, a: Pick<SourceData, 'provider' | 'startUtcMs' | 'distanceM' | 'durationS'>, exceptId?: string): Promise<ActivityRow[]> {
  const rows = await lookups(db).near.all({ userId, fromMs: a.startUtcMs - MATCH_WINDOW_MS, toMs: a.startUtcMs + MATCH_WINDOW_MS, exceptId: exceptId ?? '' });
  const same = rows.filter((r) => isSameRun(r, a));
  if (a.provider === 'files' || same.length === 0) return same;
  const out: ActivityRow[] = [];
  for (const r of same) {
    const providers = (await sourcesOfActivity(db, r.id)).map((s) => s.provider);
    if (!(providers.length > 0 ? providers : [r.provider]).includes(a.provider)) out.push(r);
  }
  return out;
}

export type StoreOutcome = 'created' | 'merged' | 'updated';

/**
 * Store one activity from one source: an update of a source already stored, another source of a
 * run already stored (merged), or a new activity. Idempotent. `previousDate` is the activity's
 * local date before the call (both days need replanning when it moved).
 */
export async function upsertActivity(
  db: Db,
  userId: string,
  activity: NewActivity,
  nowMs: number,
): Promise<{ row: ActivityRow; previousDate: string | undefined; outcome: StoreOutcome }> {
  const data = sourceDataOf(activity);
  const raw = activity.rawPayload !== undefined ? { rawPayload: activity.rawPayload ?? null, rawExpiresAtMs: activity.rawExpiresAtMs ?? null } : {};
  const known = await findSource(db, activity.provider, activity.externalId);
  const target = known ? await rowById(db, known.activityId) : (await matchesOf(db, userId, data))[0] ?? (await byProviderId(db, activity.provider, activity.externalId));
  if (target) {
    await putSource(db, target.id, userId, keepRating(data, known), nowMs);
    const isPrimary = target.provider === activity.provider && target.externalId === activity.externalId;
    if (isPrimary && Object.keys(raw).length > 0) await db.update(activitiesTable).set(raw).where(eq(activitiesTable.id, target.id));
    const row = await recompose(db, { ...target, ...(isPrimary ? raw : {}) }, nowMs);
    return { row, previousDate: target.localDate, outcome: known || isPrimary ? 'updated' : 'merged' };
  }
  const [row] = await lookups(db).insert.all({
    ...data,
    hrZoneTimesS: data.hrZoneTimesS ? JSON.stringify(data.hrZoneTimesS) : null,
    rawPayload: activity.rawPayload ?? null,
    rawExpiresAtMs: activity.rawExpiresAtMs ?? null,
    id: crypto.randomUUID(),
    userId,
    updatedAtMs: nowMs,
  });
  if (!row) throw new Error('activity insert returned nothing');
  await putSource(db, row.id, userId, data, nowMs);
  return { row, previousDate: undefined, outcome: 'created' };
}

/**
 * After a source wrote its row directly (Strava's conditional store): record the row as a source
 * and fold it into a stored activity of the same run, if any. Returns the activity that holds it.
 */
export async function linkActivitySource(db: Db, row: ActivityRow, nowMs: number): Promise<ActivityRow> {
  const data = keepRating(sourceDataOf(row), await findSource(db, row.provider, row.externalId));
  await putSource(db, row.id, row.userId, data, nowMs);
  const [other] = await matchesOf(db, row.userId, data, row.id);
  if (!other) return recompose(db, row, nowMs);
  // The run was stored before: its row keeps its id, this one's sources move to it.
  await db.update(activitySourcesTable).set({ activityId: other.id }).where(eq(activitySourcesTable.activityId, row.id));
  await db.delete(activitiesTable).where(eq(activitiesTable.id, row.id));
  return recompose(db, other, nowMs);
}

/** The activity a source's record belongs to (the primary row, or the one it was merged into). */
export async function findActivity(db: Db, provider: Provider, externalId: string): Promise<ActivityRow | undefined> {
  const source = await findSource(db, provider, externalId);
  if (source) return rowById(db, source.activityId);
  return byProviderId(db, provider, externalId);
}

/** The row whose primary record is this one (rows stored before sources were recorded have no source row). */
async function byProviderId(db: Db, provider: Provider, externalId: string): Promise<ActivityRow | undefined> {
  return (await lookups(db).byProviderId.all({ provider, externalId }))[0];
}

/**
 * One source deleted its record: the activity stays, rebuilt from its other sources, or is
 * deleted with its last one. Returns the activity (kept or deleted; undefined when unknown) and
 * whether it was removed. `ifUpdatedAtMs` deletes only a row unchanged since it was read.
 */
export async function removeActivitySource(
  db: Db,
  provider: Provider,
  externalId: string,
  nowMs: number,
  opts: { ifUpdatedAtMs?: number } = {},
): Promise<{ row: ActivityRow; removed: boolean } | undefined> {
  const source = await findSource(db, provider, externalId);
  const row = source ? await rowById(db, source.activityId) : await findActivity(db, provider, externalId);
  if (!row) return undefined;
  if (opts.ifUpdatedAtMs !== undefined && row.updatedAtMs !== opts.ifUpdatedAtMs) return undefined;
  await db.delete(activitySourcesTable).where(and(eq(activitySourcesTable.provider, provider), eq(activitySourcesTable.externalId, externalId)));
  const left = await sourcesOfActivity(db, row.id);
  if (left.length === 0) {
    const [deleted] = await db.delete(activitiesTable).where(eq(activitiesTable.id, row.id)).returning();
    return deleted ? { row: deleted, removed: true } : undefined;
  }
  const wasPrimary = row.provider === provider && row.externalId === externalId;
  return { row: await recompose(db, row, nowMs, { dropRaw: wasPrimary }), removed: false };
}

/**
 * Delete by provider id; returns the activity (undefined when it was not there). When another
 * source still holds the run, the activity stays, rebuilt from that source.
 */
export async function deleteActivity(db: Db, provider: Provider, externalId: string, nowMs = Date.now()): Promise<ActivityRow | undefined> {
  return (await removeActivitySource(db, provider, externalId, nowMs))?.row;
}

/** Remove every record one provider gave the runner; runs other sources hold stay. Returns how many records went. */
export async function deleteActivitiesOfUser(db: Db, userId: string, provider: Provider, nowMs = Date.now()): Promise<number> {
  const sourced = await db
    .select({ externalId: activitySourcesTable.externalId })
    .from(activitySourcesTable)
    .where(and(eq(activitySourcesTable.userId, userId), eq(activitySourcesTable.provider, provider)));
  let count = 0;
  for (const s of sourced) if (await removeActivitySource(db, provider, s.externalId, nowMs)) count++;
  // rows stored before sources were recorded
  const legacy = await db
    .delete(activitiesTable)
    .where(and(eq(activitiesTable.userId, userId), eq(activitiesTable.provider, provider)))
    .returning({ id: activitiesTable.id });
  return count + legacy.length;
}

/** The stored activities whose records include one of `externalIds` from `provider`. */
export async function knownSourceIds(db: Db, provider: Provider, externalIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const chunk = externalIds.slice(i, i + 500);
    const rows = await db
      .select({ externalId: activitySourcesTable.externalId })
      .from(activitySourcesTable)
      .where(and(eq(activitySourcesTable.provider, provider), inArray(activitySourcesTable.externalId, chunk)));
    for (const r of rows) out.add(r.externalId);
  }
  return out;
}

export async function activitiesBetween(db: Db, userId: string, fromDate: string, toDate: string): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activitiesTable)
    .where(and(eq(activitiesTable.userId, userId), gte(activitiesTable.localDate, fromDate), lte(activitiesTable.localDate, toDate)))
    .orderBy(asc(activitiesTable.startUtcMs));
}

/** Drop raw provider payloads past their retention date; derived values stay. */
export async function purgeExpiredRawPayloads(db: Db, nowMs: number): Promise<number> {
  const rows = await db
    .update(activitiesTable)
    .set({ rawPayload: null, rawExpiresAtMs: null })
    .where(and(isNotNull(activitiesTable.rawExpiresAtMs), lt(activitiesTable.rawExpiresAtMs, nowMs)))
    .returning({ id: activitiesTable.id });
  return rows.length;
}
