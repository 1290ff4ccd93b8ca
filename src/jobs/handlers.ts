/**
 * Every job kind the runner knows. A new capability adds its handlers here.
 */
import { calendarHandlers } from './calendar';
import { maintenanceHandlers } from './maintenance';
import { replanHandlers } from './replan';
import type { JobHandlers } from './runner';
import { stravaHandlers } from './strava';

export function allJobHandlers(): JobHandlers {
  return {
    ...maintenanceHandlers,
    ...calendarHandlers,
    ...replanHandlers,
    ...stravaHandlers,
  };
}
