/**
 * Every job kind the runner knows. A new capability adds its handlers here.
 */
import { calendarHandlers } from '../calendar/jobs';
import { maintenanceHandlers } from '../maintenance/jobs';
import { replanHandlers } from '../planning/jobs';
import type { JobHandlers } from '../queue/runner';
import { stravaHandlers } from '../strava/jobs';
import { garminHandlers } from '../garmin/jobs';

export function allJobHandlers(): JobHandlers {
  return {
    ...maintenanceHandlers,
    ...calendarHandlers,
    ...replanHandlers,
    ...stravaHandlers,
    ...garminHandlers,
  };
}
