/**
 * Strava job handlers and their schedule. Handlers are thin: parse the payload, call the service.
 * With Strava unconfigured the scheduled ones do nothing. Every handler that calls Strava waits
 * out an outage (deferred with back-off, no attempt spent) for up to a day before failing.
 */
import { z } from 'zod';
import { isStravaEnabled } from '../core/config';
import { waitingOutOutages } from './api';
import { runBackfillPage } from './backfill';
import { sweepStravaInbox } from './ingest';
import { purgeRawPayloads, queueTokenRefreshes, refreshAthleteToken } from './maintenance';
import { fetchStravaActivity, processStravaEvent } from './process';
import { queueReconciliation, reconcileAthlete } from './reconcile';
import { purgeOldDeletions } from './store';
import { defineJob, type JobHandlers } from '../queue/runner';
import { PRIORITY, type ScheduledTask, slot, STRAVA_JOB } from '../core/jobs';

const athleteId = z.string().regex(/^\d+$/);
const epochS = z.number().int().nonnegative();

export const stravaHandlers: JobHandlers = {
  [STRAVA_JOB.event]: defineJob(z.object({ inboxId: z.number().int().positive() }), async ({ inboxId }, ctx) => {
    await waitingOutOutages(ctx.deps, ctx, () => processStravaEvent(ctx.deps, ctx, inboxId));
  }),
  [STRAVA_JOB.fetchActivity]: defineJob(
    z.object({ athleteId, activityId: z.string().regex(/^\d+$/), aspect: z.enum(['create', 'update', 'delete']).optional(), eventTimeS: epochS.optional() }),
    async (payload, ctx) => {
    await waitingOutOutages(ctx.deps, ctx, () => fetchStravaActivity(ctx.deps, ctx, payload));
    },
  ),
  [STRAVA_JOB.backfill]: defineJob(z.object({ athleteId, after: epochS, before: epochS, page: z.number().int().positive() }), async (payload, ctx) => {
    await waitingOutOutages(ctx.deps, ctx, () => runBackfillPage(ctx.deps, payload));
  }),
  [STRAVA_JOB.reconcileSweep]: defineJob(z.object({ slot: z.string().optional(), deep: z.boolean().optional() }), async ({ deep }, { deps, job }) => {
    if (!isStravaEnabled(deps.config)) return;
    // Named by the sweep's own key: the cron slot, or one start-up run (which must not be taken
    // for the cron run of the same slot).
    await queueReconciliation(deps, job.idempotencyKey, deep ? { days: deps.config.STRAVA_BACKFILL_WEEKS * 7 } : {});
  }),
  [STRAVA_JOB.reconcile]: defineJob(z.object({ athleteId, after: epochS, before: epochS }), async (payload, ctx) => {
    await waitingOutOutages(ctx.deps, ctx, () => reconcileAthlete(ctx.deps, payload));
  }),
  [STRAVA_JOB.refreshSweep]: defineJob(z.object({ slot: z.string().optional() }), async ({ slot }, { deps, job }) => {
    if (!isStravaEnabled(deps.config)) return;
    await queueTokenRefreshes(deps, slot ?? `job-${job.id}`);
  }),
  [STRAVA_JOB.refresh]: defineJob(z.object({ athleteId }), async ({ athleteId: id }, ctx) => {
    await waitingOutOutages(ctx.deps, ctx, () => refreshAthleteToken(ctx.deps, id));
  }),
  [STRAVA_JOB.retention]: defineJob(z.object({}), async (_payload, { deps }) => {
    await purgeRawPayloads(deps);
    await purgeOldDeletions(deps);
  }),
  [STRAVA_JOB.inboxSweep]: defineJob(z.object({}), async (_payload, { deps }) => {
    if (!isStravaEnabled(deps.config)) return;
    await sweepStravaInbox(deps);
  }),
};

export const stravaScheduledTasks: ScheduledTask[] = [
  {
    name: 'strava-reconcile',
    cron: '23 */4 * * *',
    // Events Strava gave up on while we were down are only found by listing: reconcile at start.
    atStart: true,
    job: (nowMs) => ({ kind: STRAVA_JOB.reconcileSweep, payload: { slot: slot(nowMs, 240) }, idempotencyKey: `strava-reconcile-sweep:${slot(nowMs, 240)}`, priority: PRIORITY.reconcile }),
  },
  {
    // Once a day over the whole backfill window: repairs what a wrongly applied or dropped event changed.
    name: 'strava-reconcile-deep',
    cron: '17 3 * * *',
    job: (nowMs) => ({ kind: STRAVA_JOB.reconcileSweep, payload: { slot: slot(nowMs, 1440), deep: true }, idempotencyKey: `strava-reconcile-deep:${slot(nowMs, 1440)}`, priority: PRIORITY.reconcile }),
  },
  {
    name: 'strava-token-refresh',
    cron: '*/15 * * * *',
    job: (nowMs) => ({ kind: STRAVA_JOB.refreshSweep, payload: { slot: slot(nowMs, 15) }, idempotencyKey: `strava-refresh-sweep:${slot(nowMs, 15)}`, priority: PRIORITY.reconcile }),
  },
  {
    name: 'strava-raw-retention',
    cron: '41 * * * *',
    job: (nowMs) => ({ kind: STRAVA_JOB.retention, payload: {}, idempotencyKey: `strava-retention:${slot(nowMs, 60)}`, priority: PRIORITY.maintenance }),
  },
  {
    name: 'strava-inbox-sweep',
    cron: '*/5 * * * *',
    atStart: true,
    job: (nowMs) => ({ kind: STRAVA_JOB.inboxSweep, payload: {}, idempotencyKey: `strava-inbox-sweep:${slot(nowMs, 5)}`, priority: PRIORITY.webhook }),
  },
];
