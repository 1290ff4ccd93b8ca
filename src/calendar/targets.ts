/**
 * @module services/calendar-targets
 * Calendar targets of a runner and their sync state. Credentials go in and out of this module as
 * plain JSON and are sealed (AES-GCM) on the way to `calendar_targets.credentials_sealed`; no other
 * module touches that column. Passwords and tokens are never returned by the API.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calendarSyncStateTable, calendarTargetsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import type { SinkRecord } from '../core/ports/calendar-sink';
import type { CalendarKind } from '../core/vocabulary';

export type CalendarTargetRow = typeof calendarTargetsTable.$inferSelect;
export type TargetStatus = CalendarTargetRow['status'];

/** What the API shows of a target: status and last error, never credentials. */
export interface CalendarTargetView {
  id: string;
  kind: CalendarKind;
  status: TargetStatus;
  lastError: string | null;
  lastSyncedAt: string | null;
  serverUrl?: string;
  username?: string;
  calendarUrl?: string;
}

export function viewTarget(row: CalendarTargetRow): CalendarTargetView {
  const s = row.settings;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    lastError: row.lastError,
    lastSyncedAt: row.lastSyncedAtMs ? new Date(row.lastSyncedAtMs).toISOString() : null,
    ...(s.serverUrl ? { serverUrl: s.serverUrl } : {}),
    ...(s.username ? { username: s.username } : {}),
    ...(row.kind === 'caldav' && row.containerId ? { calendarUrl: row.containerId } : {}),
  };
}

export async function createTarget(deps: Pick<AppDeps, 'db' | 'secrets'>, input: TargetInput & { status?: TargetStatus }): Promise<CalendarTargetRow> {
  const [row] = await deps.db
    .insert(calendarTargetsTable)
    .values({
      id: crypto.randomUUID(),
      userId: input.userId,
      kind: input.kind,
      settings: input.settings,
      credentialsSealed: await deps.secrets.encrypt(JSON.stringify(input.credentials)),
      containerId: input.containerId ?? null,
      status: input.status ?? 'pending',
    })
    .returning();
  if (!row) throw new Error('calendar target insert returned nothing');
  return row;
}

export interface TargetInput {
  userId: string;
  kind: CalendarKind;
  settings: Record<string, string>;
  credentials: unknown;
  containerId?: string | null;
}

/**
 * Connect a calendar, or reconnect the one of the runner's targets that `isSame` picks (the way
 * out of `needs_reconsent`, `error` and `disabled`): new sealed credentials and settings, status
 * `pending`, error cleared; the target keeps its id and its calendar. Only a target disabled
 * because its calendar was deleted loses the calendar (and what we knew it held): reconnecting is
 * the runner asking us to create it again.
 */
export async function connectTarget(
  deps: Pick<AppDeps, 'db' | 'secrets'>,
  input: TargetInput,
  isSame: (row: CalendarTargetRow) => boolean,
): Promise<{ row: CalendarTargetRow; created: boolean }> {
  const existing = (await targetsOfUser(deps.db, input.userId)).find((t) => t.kind === input.kind && isSame(t));
  if (!existing) return { row: await createTarget(deps, input), created: true };
  const calendarGone = existing.status === 'disabled';
  const containerId = input.containerId ?? (calendarGone ? null : existing.containerId);
  if (calendarGone || containerId !== existing.containerId) await clearSyncRecords(deps.db, existing.id);
  const [row] = await deps.db
    .update(calendarTargetsTable)
    .set({
      settings: input.settings,
      credentialsSealed: await deps.secrets.encrypt(JSON.stringify(input.credentials)),
      containerId,
      status: 'pending',
      lastError: null,
    })
    .where(eq(calendarTargetsTable.id, existing.id))
    .returning();
  if (!row) throw new Error('calendar target update returned nothing');
  return { row, created: false };
}

export async function targetsOfUser(db: Db, userId: string): Promise<CalendarTargetRow[]> {
  return db.select().from(calendarTargetsTable).where(eq(calendarTargetsTable.userId, userId)).orderBy(calendarTargetsTable.createdAtMs);
}

export async function deleteTarget(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db.delete(calendarTargetsTable).where(and(eq(calendarTargetsTable.id, id), eq(calendarTargetsTable.userId, userId))).returning({ id: calendarTargetsTable.id });
  return rows.length > 0;
}

export async function readCredentials(deps: Pick<AppDeps, 'secrets'>, row: CalendarTargetRow): Promise<unknown> {
  if (!row.credentialsSealed) return undefined;
  return JSON.parse(await deps.secrets.decrypt(row.credentialsSealed)) as unknown;
}

export async function saveCredentials(deps: Pick<AppDeps, 'db' | 'secrets'>, targetId: string, credentials: unknown): Promise<void> {
  await deps.db
    .update(calendarTargetsTable)
    .set({ credentialsSealed: await deps.secrets.encrypt(JSON.stringify(credentials)) })
    .where(eq(calendarTargetsTable.id, targetId));
}

export async function updateTarget(db: Db, targetId: string, set: Partial<Pick<CalendarTargetRow, 'status' | 'lastError' | 'lastSyncedAtMs' | 'containerId'>>): Promise<void> {
  await db.update(calendarTargetsTable).set(set).where(eq(calendarTargetsTable.id, targetId));
}

/**
 * One writer per calendar: claim the target for `leaseMs` with a conditional UPDATE (no
 * transactions on D1). False when another sync holds a live lease.
 */
export async function claimTarget(db: Db, targetId: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(calendarTargetsTable)
    .set({ syncLeaseOwner: owner, syncLeaseUntilMs: nowMs + leaseMs })
    .where(and(eq(calendarTargetsTable.id, targetId), or(isNull(calendarTargetsTable.syncLeaseUntilMs), lt(calendarTargetsTable.syncLeaseUntilMs, nowMs))))
    .returning({ id: calendarTargetsTable.id });
  return rows.length > 0;
}

export async function releaseTarget(db: Db, targetId: string, owner: string): Promise<void> {
  await db
    .update(calendarTargetsTable)
    .set({ syncLeaseOwner: null, syncLeaseUntilMs: null })
    .where(and(eq(calendarTargetsTable.id, targetId), eq(calendarTargetsTable.syncLeaseOwner, owner)));
}

export async function syncRecordsOf(db: Db, targetId: string): Promise<Map<string, SinkRecord>> {
  const rows = await db.select().from(calendarSyncStateTable).where(eq(calendarSyncStateTable.targetId, targetId));
  return new Map(
    rows.map((r) => [
      r.sessionId,
      {
        key: r.sessionId,
        remoteId: r.remoteId,
        ...(r.remoteVersion ? { remoteVersion: r.remoteVersion } : {}),
        generation: r.generation,
        revision: r.revision,
        contentHash: r.contentHash,
        state: r.state,
      } satisfies SinkRecord,
    ]),
  );
}

/** Forget what a target's calendar held (it was replaced by a new one). */
export async function clearSyncRecords(db: Db, targetId: string): Promise<void> {
  await db.delete(calendarSyncStateTable).where(eq(calendarSyncStateTable.targetId, targetId));
}

/** Persist one record right after the remote write succeeded (a crash then resumes cleanly). */
export async function saveSyncRecord(db: Db, targetId: string, record: SinkRecord, nowMs: number): Promise<void> {
  const values = {
    remoteId: record.remoteId,
    remoteVersion: record.remoteVersion ?? null,
    contentHash: record.contentHash,
    revision: record.revision,
    generation: record.generation,
    state: record.state,
    updatedAtMs: nowMs,
  };
  await db
    .insert(calendarSyncStateTable)
    .values({ targetId, sessionId: record.key, ...values })
    .onConflictDoUpdate({ target: [calendarSyncStateTable.targetId, calendarSyncStateTable.sessionId], set: values });
}
