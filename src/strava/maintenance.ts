/**
 * Scheduled Strava housekeeping: proactive token refresh for connections about to expire, and
 * the raw-payload retention purge (derived values stay; raw Strava JSON goes after
 * STRAVA_RAW_RETENTION_DAYS).
 */
import { and, eq, lt, } from 'drizzle-orm';
import { purgeExpiredRawPayloads } from '../db/repositories/activities';
import { findConnection } from '../db/repositories/connections';
import { connectionsTable, } from '../db/schema';
import type { AppDeps } from '../deps';
import { queuedJobExists } from '../queue/queue';
import { stravaJobsOf } from './store';
import { accessTokenFor } from './tokens';
import { PRIORITY, STRAVA_JOB } from '../core/jobs';

/** Refresh ahead when less than this is left, so the next event's fetch needs no refresh. */
const PROACTIVE_REFRESH_MARGIN_MS = 20 * 60_000;

/**
 * Connections whose token expires soon and that have Strava work waiting: refreshing them ahead
 * keeps the refresh off the webhook path. Idle athletes are left alone (Strava refresh tokens do
 * not age out, and every refresh is a call).
 */
export async function queueTokenRefreshes(deps: Pick<AppDeps, 'db' | 'clock' | 'jobs'>, slot: string): Promise<number> {
  const soon = deps.clock.now() + PROACTIVE_REFRESH_MARGIN_MS;
  const due = await deps.db
    .select({ externalId: connectionsTable.externalId })
    .from(connectionsTable)
    .where(
      and(
        eq(connectionsTable.provider, 'strava'),
        eq(connectionsTable.status, 'active'),
        lt(connectionsTable.expiresAtMs, soon),
        queuedJobExists(stravaJobsOf(connectionsTable.externalId)),
      ),
    );
  let queued = 0;
  for (const c of due) {
    const added = await deps.jobs.enqueue({
      kind: STRAVA_JOB.refresh,
      payload: { athleteId: c.externalId },
      idempotencyKey: `strava-refresh:${c.externalId}:${slot}`,
      priority: PRIORITY.reconcile,
    });
    if (added) queued++;
  }
  return queued;
}

export async function refreshAthleteToken(deps: AppDeps, athleteId: string): Promise<void> {
  const connection = await findConnection(deps.db, 'strava', athleteId);
  if (connection?.status !== 'active') return;
  await accessTokenFor(deps, connection, { marginMs: PROACTIVE_REFRESH_MARGIN_MS });
}

export async function purgeRawPayloads(deps: Pick<AppDeps, 'db' | 'clock' | 'logger'>): Promise<number> {
  const purged = await purgeExpiredRawPayloads(deps.db, deps.clock.now());
  if (purged > 0) deps.logger.info('raw activity payloads purged', { purged });
  return purged;
}
