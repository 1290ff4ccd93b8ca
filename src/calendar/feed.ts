/**
 * @module services/calendar-feed
 * The runner's private ICS feed. Its secret has 160 bits of entropy; the database keeps its
 * SHA-256 (for lookup) and a sealed copy (to show the URL again). Rotating replaces both, so the
 * old URL answers 404 at once.
 */
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { renderIcsFeed } from '../../integrations/ics';
import { randomToken, sha256Hex } from '../core/crypto';
import { sessionsOf } from '../db/repositories/planning';
import { getAthleteSettings } from '../db/repositories/users';
import { calendarFeedsTable, plannedSessionsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { addDays, localDate } from '../core/dates';
import { entryFromSession, SYNC_DAYS_AHEAD } from './entries';

const SECRET_BYTES = 20;
/** Past sessions stay in the feed for two weeks. */
const FEED_DAYS_BACK = 14;
/** Refresh hint for subscribers (REFRESH-INTERVAL / X-PUBLISHED-TTL). */
const FEED_TTL_S = 3600;
const FEED_NAME = 'hardday strength';

export interface FeedLinks {
  url: string;
  webcalUrl: string;
  createdAt: string;
}

function links(publicUrl: string, secret: string, createdAtMs: number): FeedLinks {
  const url = `${publicUrl}/calendar/${secret}.ics`;
  return { url, webcalUrl: url.replace(/^https?:\/\//, 'webcal://'), createdAt: new Date(createdAtMs).toISOString() };
}

async function writeSecret(deps: Pick<AppDeps, 'db' | 'secrets' | 'clock'>, userId: string, mode: 'create' | 'rotate'): Promise<void> {
  const secret = randomToken(SECRET_BYTES);
  const values = { secretHash: await sha256Hex(secret), secretSealed: await deps.secrets.encrypt(secret), createdAtMs: deps.clock.now() };
  const insert = deps.db.insert(calendarFeedsTable).values({ userId, ...values });
  await (mode === 'create' ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: calendarFeedsTable.userId, set: values }));
}

/** The feed links, creating the feed on first use. */
export async function getFeedLinks(deps: Pick<AppDeps, 'db' | 'secrets' | 'clock' | 'config'>, userId: string): Promise<FeedLinks> {
  let [row] = await deps.db.select().from(calendarFeedsTable).where(eq(calendarFeedsTable.userId, userId)).limit(1);
  if (!row) {
    await writeSecret(deps, userId, 'create');
    [row] = await deps.db.select().from(calendarFeedsTable).where(eq(calendarFeedsTable.userId, userId)).limit(1);
  }
  if (!row) throw new Error('feed row missing after insert');
  return links(deps.config.PUBLIC_URL, await deps.secrets.decrypt(row.secretSealed), row.createdAtMs);
}

/** Issue a new secret; the old URL stops working. */
export async function rotateFeed(deps: Pick<AppDeps, 'db' | 'secrets' | 'clock' | 'config'>, userId: string): Promise<FeedLinks> {
  await writeSecret(deps, userId, 'rotate');
  return getFeedLinks(deps, userId);
}

export interface RenderedFeed {
  body: string;
  etag: string;
  lastModifiedMs: number;
}

/** The feed body for a secret, or undefined when no feed has this secret (unknown or rotated). */
export async function renderFeedForSecret(deps: AppDeps, secret: string): Promise<RenderedFeed | undefined> {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(secret)) return undefined;
  const hash = await sha256Hex(secret);
  const [feed] = await deps.db.select({ userId: calendarFeedsTable.userId, createdAtMs: calendarFeedsTable.createdAtMs }).from(calendarFeedsTable).where(eq(calendarFeedsTable.secretHash, hash)).limit(1);
  if (!feed) return undefined;
  const settings = await getAthleteSettings(deps.db, feed.userId);
  const timeZone = settings?.timeZone ?? 'UTC';
  const now = deps.clock.now();
  const today = localDate(timeZone, now);
  const rows = await sessionsOf(deps.db, feed.userId, { from: addDays(today, -FEED_DAYS_BACK), to: addDays(today, SYNC_DAYS_AHEAD), status: 'planned' });
  const entries = await Promise.all(rows.map((r) => entryFromSession(r, { timeZone, publicUrl: deps.config.PUBLIC_URL })));
  const body = renderIcsFeed(entries, { name: FEED_NAME, ttlS: FEED_TTL_S, nowMs: now });
  // Never later than now (RFC 9110 §8.8.2.1), whatever clock wrote a row.
  const lastModifiedMs = Math.min(now, Math.max(feed.createdAtMs, settings?.updatedAtMs ?? 0, await sessionsChangedAtMs(deps, feed.userId, timeZone, now)));
  return { body, etag: `"${(await sha256Hex(body)).slice(0, 32)}"`, lastModifiedMs };
}

/** Start of a local calendar day in `timeZone` (when `localDate` turns to it). */
function startOfLocalDay(date: string, timeZone: string): number {
  return DateTime.fromISO(date, { zone: timeZone }).startOf('day').toMillis();
}

/**
 * When the feed body last changed because of the runner's sessions, for Last-Modified: every
 * change to any session row (a cancelled or moved session leaves the body too, not only edited
 * ones), and every time a planned session entered or left the feed's window as days passed.
 * Clients that send only If-Modified-Since must see a new value whenever the body changed.
 */
async function sessionsChangedAtMs(deps: AppDeps, userId: string, timeZone: string, nowMs: number): Promise<number> {
  const rows = await deps.db
    .select({ date: plannedSessionsTable.date, status: plannedSessionsTable.status, updatedAtMs: plannedSessionsTable.updatedAtMs })
    .from(plannedSessionsTable)
    .where(eq(plannedSessionsTable.userId, userId));
  let latest = 0;
  for (const r of rows) {
    latest = Math.max(latest, r.updatedAtMs);
    if (r.status !== 'planned') continue;
    // In the feed while today ∈ [date − SYNC_DAYS_AHEAD, date + FEED_DAYS_BACK].
    for (const boundary of [addDays(r.date, -SYNC_DAYS_AHEAD), addDays(r.date, FEED_DAYS_BACK + 1)]) {
      const at = startOfLocalDay(boundary, timeZone);
      if (at <= nowMs) latest = Math.max(latest, at);
    }
  }
  return latest;
}
