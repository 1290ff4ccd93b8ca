import { z } from 'zod';
import { purgeExpiredSessions } from '../db/repositories/auth';
import { purgeHandledWebhookEvents } from '../db/repositories/inbox';
import { purgeOAuthStates } from '../account/oauth-state';
import { purgeFinishedJobs } from '../queue/queue';
import { defineJob, type JobHandlers } from '../queue/runner';
import { JOB, PRIORITY, type ScheduledTask, slot } from '../core/jobs';

const FINISHED_JOB_RETENTION_MS = 7 * 24 * 3600_000;
/** Far beyond any provider's redelivery window (Strava: minutes), so dedupe still holds. */
const INBOX_RETENTION_MS = 14 * 24 * 3600_000;

export const maintenanceHandlers: JobHandlers = {
  [JOB.maintenance]: defineJob(z.object({}), async (_payload, { deps }) => {
    const now = deps.clock.now();
    await purgeFinishedJobs(deps.db, now - FINISHED_JOB_RETENTION_MS);
    await purgeExpiredSessions(deps.db, now);
    await purgeOAuthStates(deps);
    // Pending events are never purged: they still owe their processing.
    await purgeHandledWebhookEvents(deps.db, now - INBOX_RETENTION_MS);
  }),
};

export const maintenanceTask: ScheduledTask = {
  name: 'maintenance',
  cron: '17 3 * * *',
  job: (nowMs) => ({ kind: JOB.maintenance, payload: {}, idempotencyKey: `maintenance:${slot(nowMs, 60)}`, priority: PRIORITY.maintenance }),
};
