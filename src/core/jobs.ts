/** Job kinds that cross capability boundaries (one capability enqueues, another handles). */
export const JOB = {
  /** payload `{ userId }`: recompute days and the strength plan of one athlete */
  replan: 'plan.replan',
  /** payload `{ userId }`: push the athlete's planned sessions to every calendar target */
  calendarSync: 'calendar.sync',
} as const;

/** Delay that collapses a burst of changes (webhook bursts, settings edits) into one replan. */
export const REPLAN_DEBOUNCE_MS = 5_000;
