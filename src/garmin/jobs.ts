/**
 * Garmin job handlers. `garmin.event` acts on one accepted notification entry from the inbox:
 * activities (push: the summary itself; ping: fetch the callback URL it names), deregistrations
 * (purge) and permission changes (record them; without ACTIVITY_EXPORT nothing is fetched or
 * stored any more). `garmin.backfill` asks Garmin to re-send the last GARMIN_BACKFILL_DAYS days.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type EnqueueInput, GARMIN_JOB, PRIORITY, type ScheduledTask, slot } from '../core/jobs';
import { findConnection } from '../db/repositories/connections';
import { sweepInbox } from '../db/repositories/inbox';
import { connectionsTable, webhookInboxTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { requestReplan } from '../planning/request';
import { defineJob, type JobHandlers } from '../queue/runner';
import { ActivitySummary, BACKFILL_WINDOW_S, isGarminError, PermissionChange, PingEntry } from '../../integrations/garmin';
import { garminAccessToken, garminClient, garminConfigured } from './runtime';
import { canReadActivities, purgeGarminUser, storeGarminSummaries } from './store';

/** What the webhook route stores in the inbox for one entry. */
export const InboxEntry = z.object({ type: z.string(), entry: z.record(z.string(), z.unknown()) });

const EVENT_JOB_KEY_PREFIX = 'garmin-event:';

/** The job that processes one accepted notification entry. */
export function garminEventJob(inboxId: number, garminUserId: string): EnqueueInput {
  return { kind: GARMIN_JOB.event, payload: { inboxId, garminUserId }, idempotencyKey: `${EVENT_JOB_KEY_PREFIX}${inboxId}`, priority: PRIORITY.webhook };
}

/**
 * Queue the job of every accepted Garmin entry that has none (a crash between the inbox insert and
 * the enqueue), and re-arm a finished or dead job of an entry still pending, once (`sweepInbox`).
 */
export async function sweepGarminInbox(deps: Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'logger'>, limit = 1_000): Promise<number> {
  return sweepInbox(deps, {
    provider: 'garmin',
    jobKeyPrefix: EVENT_JOB_KEY_PREFIX,
    limit,
    jobOf: ({ id, payload }) => {
      const entry = InboxEntry.safeParse(payload);
      const garminUserId = entry.success ? entry.data.entry['userId'] : undefined;
      return typeof garminUserId === 'string' && garminUserId !== '' ? garminEventJob(id, garminUserId) : undefined;
    },
  });
}

async function finish(deps: Pick<AppDeps, 'db' | 'clock'>, inboxId: number, status: 'processed' | 'dropped', note?: string): Promise<void> {
  await deps.db
    .update(webhookInboxTable)
    .set({ status, processedAtMs: deps.clock.now(), note: note ?? null })
    .where(and(eq(webhookInboxTable.id, inboxId), eq(webhookInboxTable.status, 'pending')));
}

export async function processGarminEntry(deps: AppDeps, inboxId: number): Promise<void> {
  const row = (await deps.db.select().from(webhookInboxTable).where(eq(webhookInboxTable.id, inboxId)).limit(1))[0];
  if (row?.status !== 'pending') return;
  const parsed = InboxEntry.safeParse(row.payload);
  const userId = parsed.success ? parsed.data.entry['userId'] : undefined;
  if (!parsed.success || typeof userId !== 'string') return finish(deps, inboxId, 'dropped', 'unreadable entry');
  const { type, entry } = parsed.data;
  const connection = await findConnection(deps.db, 'garmin', userId);
  if (!connection || connection.status === 'revoked') return finish(deps, inboxId, 'dropped', connection ? 'connection revoked' : 'unknown user');

  if (type === 'deregistrations') {
    await purgeGarminUser(deps, connection, { actor: 'garmin', action: 'garmin.deregistered' });
    return finish(deps, inboxId, 'processed');
  }
  if (type === 'userPermissionsChange') {
    const change = PermissionChange.safeParse(entry);
    if (!change.success) return finish(deps, inboxId, 'dropped', 'unreadable permission change');
    await deps.db
      .update(connectionsTable)
      .set({ scopes: change.data.permissions.join(','), updatedAtMs: deps.clock.now() })
      .where(eq(connectionsTable.id, connection.id));
    deps.logger.info('garmin permissions changed', { permissions: change.data.permissions });
    return finish(deps, inboxId, 'processed');
  }
  // activities / manuallyUpdatedActivities
  if (!canReadActivities(connection)) return finish(deps, inboxId, 'dropped', 'ACTIVITY_EXPORT not granted');
  let summaries: ActivitySummary[];
  const ping = PingEntry.safeParse(entry);
  if (ping.success) {
    try {
      const token = await garminAccessToken(deps, connection);
      summaries = (await garminClient(deps).fetchCallback(token, ping.data.callbackURL)).summaries;
    } catch (error) {
      // a used or expired callback (410), or one off Garmin's host, will never answer
      if (isGarminError(error, 'gone', 'not_found', 'refused_url')) return finish(deps, inboxId, 'dropped', error.message);
      throw error;
    }
  } else {
    const summary = ActivitySummary.safeParse(entry);
    if (!summary.success) return finish(deps, inboxId, 'dropped', 'unreadable activity summary');
    summaries = [summary.data];
  }
  const stored = await storeGarminSummaries(deps, connection, summaries);
  if (stored > 0) await requestReplan(deps, connection.userId);
  return finish(deps, inboxId, 'processed');
}

/** Ask Garmin to re-send recent activities (they arrive through the push endpoints). */
export async function requestGarminBackfill(deps: AppDeps, garminUserId: string): Promise<void> {
  const connection = await findConnection(deps.db, 'garmin', garminUserId);
  if (!connection || !canReadActivities(connection)) return;
  const token = await garminAccessToken(deps, connection);
  const endS = Math.floor(deps.clock.now() / 1000);
  const startS = endS - deps.config.GARMIN_BACKFILL_DAYS * 86_400;
  for (let from = startS; from < endS; from += BACKFILL_WINDOW_S) {
    try {
      await garminClient(deps).requestBackfill(token, { startS: from, endS: Math.min(endS, from + BACKFILL_WINDOW_S) });
    } catch (error) {
      // 409: this window was asked for already; 403/412: the runner withheld historical data
      if (isGarminError(error, 'duplicate')) continue;
      if (isGarminError(error, 'permission_missing')) {
        deps.logger.info('garmin backfill refused: historical data not granted');
        return;
      }
      throw error;
    }
  }
}

export const garminHandlers: JobHandlers = {
  [GARMIN_JOB.event]: defineJob(z.object({ inboxId: z.number().int(), garminUserId: z.string() }), (p, ctx) => processGarminEntry(ctx.deps, p.inboxId)),
  [GARMIN_JOB.backfill]: defineJob(z.object({ garminUserId: z.string() }), (p, ctx) => requestGarminBackfill(ctx.deps, p.garminUserId)),
  [GARMIN_JOB.inboxSweep]: defineJob(z.object({}), async (_payload, { deps }) => {
    if (!garminConfigured(deps)) return;
    await sweepGarminInbox(deps);
  }),
};

/** Every 5 minutes and at start-up: repairs what a crash between the inbox insert and the enqueue left behind. */
export const garminInboxSweepTask: ScheduledTask = {
  name: 'garmin-inbox-sweep',
  cron: '*/5 * * * *',
  atStart: true,
  job: (nowMs) => ({ kind: GARMIN_JOB.inboxSweep, payload: {}, idempotencyKey: `garmin-inbox-sweep:${slot(nowMs, 5)}`, priority: PRIORITY.webhook }),
};
