import type { Db } from '../db/client';
import type { Clock, JobQueue } from '../deps';
import { enqueueJob, enqueueOrPostpone } from './queue';

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
