/**
 * @module platform/workers/cron
 * Cron Triggers fire per distinct expression; each fires the scheduled tasks declared with it
 * (src/app/schedule.ts). wrangler.toml lists exactly `cronExpressions()` (a test checks it).
 */
import { scheduledTasks } from '../../app/schedule';
import type { ScheduledTask } from '../../core/jobs';

export function tasksForCron(expression: string, tasks: readonly ScheduledTask[] = scheduledTasks): ScheduledTask[] {
  return tasks.filter((t) => t.cron === expression);
}

export function cronExpressions(tasks: readonly ScheduledTask[] = scheduledTasks): string[] {
  return [...new Set(tasks.map((t) => t.cron))];
}
