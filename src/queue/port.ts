import type { Db } from '../db/client';
import { enqueueJob, enqueueOrPostpone } from './queue';
import type { Clock } from '../core/ports/clock';
import type { JobQueue } from '../core/ports/job-queue';

/** The JobQueue port over the jobs table; `notify` wakes whatever consumes the queue. */
export function createJobQueue(db: Db, clock: Clock, maxAttempts: number, notify: () => void = () => {}): JobQueue {
  const defaults = { maxAttempts };
  return {
    async enqueue(input) {
      const row = await enqueueJob(db, clock.now(), defaults, input);
      if (row) notify();
      return row !== undefined;
    },
    async enqueueOrPostpone(input) {
      await enqueueOrPostpone(db, clock.now(), defaults, input);
      notify();
    },
    wake: notify,
  };
}
