/**
 * App-wide state of a provider (today: Strava answering every call with "Application inactive"),
 * kept in `meta` so every worker, `/healthz/detail` and the runner's connection status read the
 * same thing. Absent = the provider is answering normally.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { metaTable } from '../schema';
import { getMeta } from './meta';

export const STRAVA_APP_STATUS_META = 'strava.app_status';

export interface ProviderAppStatus {
  state: 'inactive';
  sinceMs: number;
  /** when a held-back call last tried Strava (the probe) */
  lastProbeMs: number;
  message: string;
}

/** What runners and the operator are shown (no internal fields). */
export interface ProviderAppStatusView {
  state: 'inactive';
  since: string;
  message: string;
}

export const STRAVA_INACTIVE_MESSAGE =
  'Strava has deactivated this server\'s Strava app (403 "Application Status Inactive"): no activity can be read until the app owner ' +
  'subscribes to Strava and reactivates the app at https://www.strava.com/settings/api. Your connection and data are kept, and ' +
  'everything held back is caught up automatically once Strava answers again.';

export async function readProviderAppStatus(db: Db, key: string = STRAVA_APP_STATUS_META): Promise<ProviderAppStatus | undefined> {
  const raw = await getMeta(db, key);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<ProviderAppStatus>;
    if (value.state !== 'inactive' || typeof value.sinceMs !== 'number') return undefined;
    return { state: 'inactive', sinceMs: value.sinceMs, lastProbeMs: value.lastProbeMs ?? value.sinceMs, message: value.message ?? STRAVA_INACTIVE_MESSAGE };
  } catch {
    return undefined;
  }
}

export function viewProviderAppStatus(status: ProviderAppStatus | undefined): ProviderAppStatusView | null {
  return status ? { state: status.state, since: new Date(status.sinceMs).toISOString(), message: status.message } : null;
}

/** Record the outage (its start is kept when already recorded). True when it was new. */
export async function markProviderInactive(db: Db, nowMs: number, message: string = STRAVA_INACTIVE_MESSAGE, key: string = STRAVA_APP_STATUS_META): Promise<boolean> {
  const value = JSON.stringify({ state: 'inactive', sinceMs: nowMs, lastProbeMs: nowMs, message } satisfies ProviderAppStatus);
  const rows = await db.insert(metaTable).values({ key, value, updatedAtMs: nowMs }).onConflictDoNothing().returning({ key: metaTable.key });
  if (rows.length > 0) return true;
  await db
    .update(metaTable)
    .set({ value: sql`json_set(${metaTable.value}, '$.lastProbeMs', ${nowMs})`, updatedAtMs: nowMs })
    .where(eq(metaTable.key, key));
  return false;
}

/** Claim the next probe: true for exactly one caller once `intervalMs` has passed since the last one. */
export async function claimProviderProbe(db: Db, nowMs: number, intervalMs: number, key: string = STRAVA_APP_STATUS_META): Promise<boolean> {
  const rows = await db
    .update(metaTable)
    .set({ value: sql`json_set(${metaTable.value}, '$.lastProbeMs', ${nowMs})`, updatedAtMs: nowMs })
    .where(and(eq(metaTable.key, key), sql`coalesce(json_extract(${metaTable.value}, '$.lastProbeMs'), 0) <= ${nowMs - intervalMs}`))
    .returning({ key: metaTable.key });
  return rows.length > 0;
}

/** The provider answered: the outage is over. True when one was recorded (catch up now). */
export async function clearProviderInactive(db: Db, key: string = STRAVA_APP_STATUS_META): Promise<boolean> {
  const rows = await db.delete(metaTable).where(eq(metaTable.key, key)).returning({ key: metaTable.key });
  return rows.length > 0;
}
