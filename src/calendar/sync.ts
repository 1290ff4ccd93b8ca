/**
 * @module services/calendar-sync
 * Push one runner's planned sessions to each of their calendar targets:
 *
 * 1. desired entries: planned sessions from a week back to the horizon, in the runner's zone;
 * 2. what the remote holds (`listOurs`): a live record whose event vanished or was cancelled
 *    remotely becomes `user_deleted` and is not re-created until its content changes;
 * 3. diff by content hash and write only what changed; cancelled or vanished sessions are deleted;
 * 4. serial writes per target under a lease (one writer per calendar), each record persisted
 *    right after its write.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { ContainerGoneError } from '../../integrations/shared/errors';
import { getAthleteSettings } from '../db/repositories/users';
import { sessionsOf } from '../db/repositories/planning';
import { plannedSessionsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { AppError, IntegrationError, JobDeferred } from '../core/errors';
import type { CalendarSink, PlannedEntry, RemoteEntry, SinkRecord } from '../core/ports/calendar-sink';
import { entryFromSession, syncWindow } from './entries';
import { calendarSinks } from './sinks';
import { type CalendarTargetRow, claimTarget, clearSyncRecords, releaseTarget, saveSyncRecord, syncRecordsOf, targetsOfUser, updateTarget } from './targets';

const LEASE_MS = 5 * 60_000;
const LEASE_RETRY_MS = 15_000;

export interface TargetSyncStats {
  targetId: string;
  created: number;
  updated: number;
  deleted: number;
  userDeleted: number;
  /** remote writes (create + update + delete) */
  writes: number;
}

export interface SyncOutcome {
  targets: TargetSyncStats[];
}

/** Builds the sink of a target; tests may swap it. */
export type SinkBuilder = (deps: AppDeps, target: CalendarTargetRow, timeZone: string) => Promise<CalendarSink>;

const defaultSinkBuilder: SinkBuilder = (deps, target, timeZone) => calendarSinks[target.kind]({ deps, target, timeZone });

const SYNCABLE: ReadonlySet<CalendarTargetRow['status']> = new Set(['pending', 'active', 'error']);

/**
 * Sync every target of a runner. Throws the first retryable IntegrationError after all targets
 * had their turn (the job retries with back-off), or JobDeferred when another sync holds a lease.
 */
export async function syncCalendarsOfUser(deps: AppDeps, userId: string, opts: { sinkBuilder?: SinkBuilder; owner?: string } = {}): Promise<SyncOutcome> {
  const { db, clock } = deps;
  const targets = (await targetsOfUser(db, userId)).filter((t) => SYNCABLE.has(t.status));
  if (targets.length === 0) return { targets: [] };
  const settings = await getAthleteSettings(db, userId);
  const timeZone = settings?.timeZone ?? 'UTC';
  const window = syncWindow(timeZone, clock.now());
  const rows = await sessionsOf(db, userId, { from: window.from, to: window.to, status: 'planned' });
  const entries = await Promise.all(rows.map((r) => entryFromSession(r, { timeZone, publicUrl: deps.config.PUBLIC_URL })));

  const owner = opts.owner ?? crypto.randomUUID();
  const build = opts.sinkBuilder ?? defaultSinkBuilder;
  const outcome: SyncOutcome = { targets: [] };
  let retryable: IntegrationError | undefined;
  let busy = false;
  for (const target of targets) {
    if (!(await claimTarget(db, target.id, owner, clock.now(), LEASE_MS))) {
      busy = true;
      continue;
    }
    const log = deps.logger.child({ userId, targetId: target.id, kind: target.kind });
    try {
      const sink = await build(deps, target, timeZone);
      const stats = await syncTarget(deps, target, sink, entries, window);
      outcome.targets.push(stats);
      await updateTarget(db, target.id, { status: 'active', lastError: null, lastSyncedAtMs: clock.now() });
      if (stats.writes > 0 || stats.userDeleted > 0) log.info('calendar synced', { ...stats });
    } catch (error) {
      const status = statusAfter(error);
      const message = error instanceof Error ? error.message : String(error);
      // lastError is shown to the runner: our own messages only, never a raw library error.
      const shown = error instanceof AppError ? message : 'unexpected error while syncing (see server logs)';
      await updateTarget(db, target.id, { lastError: shown.slice(0, 500), ...(status ? { status } : {}) });
      log.warn('calendar sync failed', { error: message, status });
      if (error instanceof IntegrationError && error.retryable) retryable ??= error;
      else if (!(error instanceof AppError)) throw error;
    } finally {
      await releaseTarget(db, target.id, owner);
    }
  }
  if (retryable) throw retryable;
  if (busy) throw new JobDeferred(clock.now() + LEASE_RETRY_MS, 'another sync is writing to this calendar');
  return outcome;
}

/** The target status after a failure; undefined keeps it (a retryable hiccup). */
function statusAfter(error: unknown): CalendarTargetRow['status'] | undefined {
  if (!(error instanceof AppError)) return 'error';
  if (error instanceof IntegrationError && error.retryable) return undefined;
  if (error.code === 'DISCONNECTED') return 'needs_reconsent';
  // Our calendar was deleted remotely: respect that until the runner reconnects. Any other 404
  // is about one event and must not switch the calendar off for good.
  if (error instanceof ContainerGoneError) return 'disabled';
  return 'error';
}

/** Diff and write one target. Exported for the benchmark. */
async function syncTarget(
  deps: AppDeps,
  target: CalendarTargetRow,
  sink: CalendarSink,
  entries: readonly PlannedEntry[],
  window: { from: string; to: string },
): Promise<TargetSyncStats> {
  const { db, clock } = deps;
  const stats: TargetSyncStats = { targetId: target.id, created: 0, updated: 0, deleted: 0, userDeleted: 0, writes: 0 };
  const { containerId, created } = await sink.ensureContainer();
  if (containerId !== target.containerId) await updateTarget(db, target.id, { containerId });
  // A calendar created just now is empty, and records of an earlier one describe events that went
  // with it. Google may also answer 404 on a brand-new calendar for a moment,
  // so it is not listed.
  if (created) await clearSyncRecords(db, target.id);

  const records = await syncRecordsOf(db, target.id);
  const desired = new Map(entries.map((e) => [e.key, e]));
  const remote = new Map<string, RemoteEntry>();
  if (!created) for await (const r of sink.listOurs(window)) remote.set(r.key, r);

  const save = async (record: SinkRecord) => {
    records.set(record.key, record);
    await saveSyncRecord(db, target.id, record, clock.now());
  };

  // Deleted by the runner in their calendar: remember it, do not fight it.
  for (const [key, record] of records) {
    if (record.state !== 'live' || !desired.has(key)) continue;
    const held = remote.get(key);
    if (!held || held.cancelled) {
      await save({ ...record, state: 'user_deleted' });
      stats.userDeleted++;
    }
  }

  for (const entry of entries) {
    const prior = records.get(entry.key);
    if (prior && prior.state !== 'deleted' && prior.contentHash === entry.contentHash) continue;
    // SEQUENCE must grow on every change this target sees, whatever the plan's revision says.
    const revision = prior ? Math.max(entry.revision, prior.revision + 1) : entry.revision;
    const next = await sink.upsert({ ...entry, revision }, prior);
    await save(next);
    if (next.state === 'user_deleted') stats.userDeleted++;
    else if (prior?.state === 'live') stats.updated++;
    else stats.created++;
    if (next.state === 'live') stats.writes++;
  }

  // Sessions no longer desired: delete when cancelled or gone; old past sessions stay.
  const candidates = [...records.values()].filter((r) => r.state === 'live' && !desired.has(r.key)).map((r) => r.key);
  const orphans = [...remote.values()].filter((r) => !r.cancelled && !records.has(r.key) && !desired.has(r.key)).map((r) => r.key);
  const stillPlanned = await plannedOutsideWindow(deps, target.userId, [...candidates, ...orphans]);
  for (const key of candidates) {
    if (stillPlanned.has(key)) continue;
    const prior = records.get(key);
    await sink.delete(key, prior);
    if (prior) await save({ ...prior, state: 'deleted' });
    stats.deleted++;
    stats.writes++;
  }
  for (const key of orphans) {
    if (stillPlanned.has(key)) continue;
    await sink.delete(key, undefined);
    stats.deleted++;
    stats.writes++;
  }
  return stats;
}

/** Of these session ids, those still planned (outside the window: kept as history). */
async function plannedOutsideWindow(deps: AppDeps, userId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await deps.db
    .select({ id: plannedSessionsTable.id })
    .from(plannedSessionsTable)
    .where(and(eq(plannedSessionsTable.userId, userId), inArray(plannedSessionsTable.id, ids), eq(plannedSessionsTable.status, 'planned')));
  return new Set(rows.map((r) => r.id));
}
