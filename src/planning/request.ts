import type { AppDeps } from '../deps';
import { JOB, PRIORITY, REPLAN_DEBOUNCE_MS } from '../core/jobs';

/** Ask for a replan of one athlete; a burst of requests collapses into one run. */
export async function requestReplan(deps: Pick<AppDeps, 'jobs' | 'clock'>, userId: string, opts: { delayMs?: number } = {}): Promise<void> {
  await deps.jobs.enqueueOrPostpone({
    kind: JOB.replan,
    payload: { userId },
    idempotencyKey: `replan:${userId}`,
    priority: PRIORITY.replan,
    runAtMs: deps.clock.now() + (opts.delayMs ?? REPLAN_DEBOUNCE_MS),
  });
}

/** Ask for a calendar sync of one athlete (after a replan, a new target, a rotated feed). */
export async function requestCalendarSync(deps: Pick<AppDeps, 'jobs' | 'clock'>, userId: string): Promise<void> {
  await deps.jobs.enqueueOrPostpone({
    kind: JOB.calendarSync,
    payload: { userId },
    idempotencyKey: `calendar-sync:${userId}`,
    priority: PRIORITY.calendar,
    runAtMs: deps.clock.now(),
  });
}
