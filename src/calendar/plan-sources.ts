/**
 * @module services/calendar-plan-sources
 * Training plans followed elsewhere: ICS URLs read on a schedule (ETag aware). Each planned run is
 * classified from its title and description and stored in `plan_sources.planned_runs`, where the
 * planner reads it as an expected future day; a change asks for a replan.
 */
import { and, eq } from 'drizzle-orm';
import { fetchPlanFeed, normalizeFeedUrl, parsePlanIcs } from '../../integrations/plan-import';
import { fetchWithTimeout, isTimeout, timeoutError } from '../../integrations/shared/http';
import { classifyPlannedRun } from '../../rules';
import type { Db } from '../db/client';
import { getAthleteSettings } from '../db/repositories/users';
import { planSourcesTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { addDays, localDate } from '../core/dates';
import { AppError, IntegrationError } from '../core/errors';
import { assertUserUrl, userUrlFetch } from './sinks';
import { requestReplan } from '../planning/request';
import { JOB, PRIORITY } from '../core/jobs';

const MAX_PLAN_SOURCES = 5;
const PLAN_FEED = 'the plan feed';
/** Runs kept: from yesterday to half a year ahead. */
const RUNS_DAYS_BACK = 1;
const RUNS_DAYS_AHEAD = 183;

export type PlanSourceRow = typeof planSourcesTable.$inferSelect;

/** A stored planned run: the planner's `PlannedRun` plus the class it was given and why. */
export interface StoredPlannedRun {
  date: string;
  title: string;
  description?: string;
  startLocal?: string;
  class: 'hard' | 'easy' | 'off';
  evidence: string[];
}

export interface PlanSourceView {
  id: string;
  /** the feed's origin only (`https://host/…`): the full URL often carries a token */
  url: string;
  host: string;
  lastFetchedAt: string | null;
  lastError: string | null;
  plannedRuns: number;
}

const SEALED_URL = /^v\d+\.[\w-]+\.[\w-]+$/;

/**
 * Feed URLs are sealed at rest like calendar passwords (private calendar links carry their
 * secret in the path or query, some a user and password). Rows from before are read as they are.
 */
async function sealUrl(deps: Pick<AppDeps, 'secrets'>, url: string): Promise<string> {
  return deps.secrets.encrypt(url);
}

export async function planSourceUrl(deps: Pick<AppDeps, 'secrets'>, row: Pick<PlanSourceRow, 'url'>): Promise<string> {
  return SEALED_URL.test(row.url) ? deps.secrets.decrypt(row.url) : row.url;
}

/** What is shown of a feed URL: scheme and host, never a path, query or credentials. */
async function shownUrl(deps: Pick<AppDeps, 'secrets'>, row: PlanSourceRow): Promise<{ url: string; host: string }> {
  try {
    const parsed = new URL(await planSourceUrl(deps, row));
    return { url: `${parsed.protocol}//${parsed.host}/…`, host: parsed.hostname };
  } catch {
    return { url: '(unreadable)', host: '' };
  }
}

/** Shown to the runner: the host only (the rest of a feed URL is a secret). */
export async function viewPlanSource(deps: Pick<AppDeps, 'secrets'>, row: PlanSourceRow): Promise<PlanSourceView> {
  return {
    id: row.id,
    ...(await shownUrl(deps, row)),
    lastFetchedAt: row.lastFetchedAtMs ? new Date(row.lastFetchedAtMs).toISOString() : null,
    lastError: row.lastError,
    plannedRuns: row.plannedRuns.length,
  };
}

/** The normalised feed URL (webcal → https), or a 422 naming `url`: not http(s), or a private address. */
function checkFeedUrl(deps: Pick<AppDeps, 'config'>, raw: string): string {
  const url = normalizeFeedUrl(raw.trim());
  assertUserUrl(deps, url, 'url');
  return new URL(url).toString();
}

export async function planSourcesOf(db: Db, userId: string): Promise<PlanSourceRow[]> {
  return db.select().from(planSourcesTable).where(eq(planSourcesTable.userId, userId)).orderBy(planSourcesTable.createdAtMs);
}

/** Add a plan URL (idempotent per runner and URL) and queue its first read. */
export async function addPlanSource(deps: AppDeps, userId: string, rawUrl: string): Promise<{ row: PlanSourceRow; created: boolean }> {
  const url = checkFeedUrl(deps, rawUrl);
  const existing = await planSourcesOf(deps.db, userId);
  for (const s of existing) if ((await planSourceUrl(deps, s)) === url) return { row: s, created: false };
  if (existing.length >= MAX_PLAN_SOURCES) throw new AppError('CONFLICT', `at most ${MAX_PLAN_SOURCES} plan sources per runner`);
  const [row] = await deps.db.insert(planSourcesTable).values({ id: crypto.randomUUID(), userId, url: await sealUrl(deps, url) }).returning();
  if (!row) throw new Error('plan source insert returned nothing');
  await enqueuePlanSourceRefresh(deps, row.id, `created`);
  return { row, created: true };
}

export async function deletePlanSource(deps: AppDeps, userId: string, id: string): Promise<boolean> {
  const rows = await deps.db.delete(planSourcesTable).where(and(eq(planSourcesTable.id, id), eq(planSourcesTable.userId, userId))).returning({ runs: planSourcesTable.plannedRuns });
  const removed = rows[0];
  if (removed && removed.runs.length > 0) await requestReplan(deps, userId);
  return rows.length > 0;
}

export async function enqueuePlanSourceRefresh(deps: Pick<AppDeps, 'jobs'>, sourceId: string, slot: string): Promise<void> {
  await deps.jobs.enqueue({ kind: JOB.planSourceRefresh, payload: { sourceId }, idempotencyKey: `plan-source:${sourceId}:${slot}`, priority: PRIORITY.reconcile });
}

/** Classify parsed runs for the planner. */
export function classifyRuns(runs: ReturnType<typeof parsePlanIcs>): StoredPlannedRun[] {
  return runs.map((run) => {
    const c = classifyPlannedRun(run);
    return { ...run, class: c.class, evidence: c.evidence };
  });
}

/**
 * Read one plan source. 304 → only the fetch time moves; new content → runs stored and, when
 * they differ, a replan. A permanent failure is stored on the row; a retryable one is rethrown.
 */
export async function refreshPlanSource(deps: AppDeps, sourceId: string, opts: { timeoutMs?: number } = {}): Promise<{ changed: boolean }> {
  const { db, clock } = deps;
  const [row] = await db.select().from(planSourcesTable).where(eq(planSourcesTable.id, sourceId)).limit(1);
  if (!row) return { changed: false };
  const now = clock.now();
  const timeoutMs = opts.timeoutMs ?? deps.config.CALENDAR_TIMEOUT_MS;
  try {
    const result = await fetchPlanFeed(fetchWithTimeout(userUrlFetch(deps), PLAN_FEED, timeoutMs), await planSourceUrl(deps, row), { etag: row.etag, lastModified: row.lastModified }, now);
    if (!result.changed) {
      await db.update(planSourcesTable).set({ lastFetchedAtMs: now, lastError: null }).where(eq(planSourcesTable.id, sourceId));
      return { changed: false };
    }
    const timeZone = (await getAthleteSettings(db, row.userId))?.timeZone ?? 'UTC';
    const today = localDate(timeZone, now);
    const runs = classifyRuns(parsePlanIcs(result.body, { timeZone, from: addDays(today, -RUNS_DAYS_BACK), to: addDays(today, RUNS_DAYS_AHEAD) }));
    const changed = JSON.stringify(runs) !== JSON.stringify(row.plannedRuns);
    await db
      .update(planSourcesTable)
      .set({
        etag: result.etag ?? null,
        lastModified: result.lastModified ?? null,
        lastFetchedAtMs: now,
        lastError: null,
        ...(changed ? { plannedRuns: runs as unknown as Array<Record<string, unknown>> } : {}),
      })
      .where(eq(planSourcesTable.id, sourceId));
    if (changed) await requestReplan(deps, row.userId);
    return { changed };
  } catch (thrown) {
    // The time limit can also run out while the body is read (outside the fetch call).
    const error = isTimeout(thrown) ? timeoutError(PLAN_FEED, timeoutMs, thrown) : thrown;
    // Shown to the runner: our own messages only (they name a status class, never a body).
    const message = error instanceof AppError ? error.message : 'the plan feed could not be read';
    await db.update(planSourcesTable).set({ lastFetchedAtMs: now, lastError: message.slice(0, 500) }).where(eq(planSourcesTable.id, sourceId));
    if (error instanceof IntegrationError && error.retryable) throw error;
    if (!(error instanceof AppError)) throw error;
    return { changed: false };
  }
}

/** Queue a read of every plan source (the 6-hourly tick). */
export async function enqueueAllPlanSources(deps: AppDeps, slot: string): Promise<number> {
  const rows = await deps.db.select({ id: planSourcesTable.id }).from(planSourcesTable);
  for (const r of rows) await enqueuePlanSourceRefresh(deps, r.id, slot);
  return rows.length;
}
