/**
 * @module app/schedule
 * Every periodic task, each declared by its capability; run by node-cron on Node and by Cron
 * Triggers on Workers.
 */
import { planSourcesTask } from '../calendar/jobs';
import type { ScheduledTask } from '../core/jobs';
import { garminInboxSweepTask } from '../garmin/jobs';
import { maintenanceTask } from '../maintenance/jobs';
import { replanDueTask } from '../planning/jobs';
import { stravaScheduledTasks } from '../strava/jobs';

export const scheduledTasks: ScheduledTask[] = [...stravaScheduledTasks, planSourcesTask, replanDueTask, maintenanceTask, garminInboxSweepTask];
