/**
 * @module jobs/schedule
 * Periodic work, declared once and run by node-cron on Node and by Cron Triggers on Workers.
 * A tick only enqueues a job whose idempotency key names the time slot, so two processes (or a
 * retry of the trigger) never double the work.
 */
import { planSourcesTask } from '../calendar/jobs';
import type { EnqueueInput } from '../queue/queue';
import { PRIORITY } from '../queue/queue';
import { slot } from '../core/schedule';
import { stravaScheduledTasks } from '../strava/jobs';

export interface ScheduledTask {
  name: string;
  cron: string;
  job(nowMs: number): EnqueueInput;
  /** also enqueue once when a worker starts (repairs work a crash may have left behind) */
  atStart?: boolean;
}



export const MAINTENANCE_JOB = 'maintenance.purge';

export const scheduledTasks: ScheduledTask[] = [
  ...stravaScheduledTasks,
  planSourcesTask,
  {
    name: 'replan-new-day',
    cron: '5 * * * *',
    atStart: true,
    job: (nowMs) => ({ kind: 'plan.replan-due', payload: {}, idempotencyKey: `replan-due:${slot(nowMs, 60)}`, priority: PRIORITY.replan }),
  },
  {
    name: 'maintenance',
    cron: '17 3 * * *',
    job: (nowMs) => ({ kind: MAINTENANCE_JOB, payload: {}, idempotencyKey: `maintenance:${slot(nowMs, 60)}`, priority: PRIORITY.maintenance }),
  },
];
