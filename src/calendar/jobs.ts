/**
 * @module jobs/calendar
 * Calendar jobs: push a runner's sessions to their calendars (after every replan), and read the
 * training plans they follow elsewhere (every 6 hours and when a source is added). Back-off on
 * 429, 403 rate limits and 5xx comes from the IntegrationError the sinks throw.
 */
import { z } from 'zod';
import { syncCalendarsOfUser } from './sync';
import { enqueueAllPlanSources, refreshPlanSource } from './plan-sources';
import { JOB, PRIORITY, type ScheduledTask, slot as timeSlot } from '../core/jobs';
import { defineJob, type JobHandlers } from '../queue/runner';

export const calendarHandlers: JobHandlers = {
  [JOB.calendarSync]: defineJob(z.object({ userId: z.string().min(1) }), async ({ userId }, { deps, job }) => {
    await syncCalendarsOfUser(deps, userId, { owner: `job:${job.id}` });
  }),
  [JOB.planSourceRefresh]: defineJob(z.object({ sourceId: z.string().min(1) }), async ({ sourceId }, { deps }) => {
    await refreshPlanSource(deps, sourceId);
  }),
  [JOB.planSourcesRefreshAll]: defineJob(z.object({ slot: z.string().min(1) }), async ({ slot }, { deps }) => {
    await enqueueAllPlanSources(deps, slot);
  }),
};

const SIX_HOURS_MIN = 360;

/** Every 6 hours: read every plan source (the key names the slot, so two ticks do one read). */
export const planSourcesTask: ScheduledTask = {
  name: 'plan-sources',
  cron: '23 */6 * * *',
  job: (nowMs) => {
    const slot = timeSlot(nowMs, SIX_HOURS_MIN);
    return { kind: JOB.planSourcesRefreshAll, payload: { slot }, idempotencyKey: `plan-sources:${slot}`, priority: PRIORITY.reconcile };
  },
};
