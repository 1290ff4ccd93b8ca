/**
 * Every job kind the runner knows. A new capability adds its handlers here.
 */
import { maintenanceHandlers } from './maintenance';
import { replanHandlers } from './replan';
import type { JobHandlers } from './runner';

export function allJobHandlers(): JobHandlers {
  return {
    ...maintenanceHandlers,
    ...replanHandlers,
  };
}
