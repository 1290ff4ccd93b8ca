import { z } from 'zod';
import { athletesWithLastToday } from '../db/repositories/planning';
import { localDate } from '../core/dates';
import { replanAthlete } from './replan';
import { requestReplan } from './request';
import { JOB, PRIORITY, type ScheduledTask, slot } from '../core/jobs';
import { defineJob, type JobHandlers } from '../queue/runner';


export const replanHandlers: JobHandlers = {
  [JOB.replan]: defineJob(z.object({ userId: z.string() }), async ({ userId }, { deps }) => {
    const outcome = await replanAthlete(deps, userId);
    if (outcome) deps.logger.info('replanned', { userId, today: outcome.today, created: outcome.created, updated: outcome.updated, cancelled: outcome.cancelled });
  }),
  /**
   * Hourly: replan every runner whose local "today" is later than the last day their plan treated
   * as today (yesterday must become history). Comparing dates rather than waiting for local
   * midnight means a worker that was down, or a zone with no 00:00 on a DST day, still catches up.
   */
  [JOB.replanDue]: defineJob(z.object({}), async (_payload, { deps }) => {
    const rows = await athletesWithLastToday(deps.db);
    const now = deps.clock.now();
    for (const row of rows) {
      if (row.lastToday !== null && localDate(row.timeZone, now) > row.lastToday) await requestReplan(deps, row.userId, { delayMs: 0 });
    }
  }),
};

export const replanDueTask: ScheduledTask = {
  name: 'replan-new-day',
  cron: '5 * * * *',
  atStart: true,
  job: (nowMs) => ({ kind: JOB.replanDue, payload: {}, idempotencyKey: `replan-due:${slot(nowMs, 60)}`, priority: PRIORITY.replan }),
};
