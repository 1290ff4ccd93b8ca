import { z } from 'zod';
import { purgeExpiredSessions } from '../db/repositories/auth';
import { purgeOAuthStates } from '../services/oauth-state';
import { defineJob, type JobHandlers } from './runner';
import { purgeFinishedJobs } from './queue';
import { MAINTENANCE_JOB } from './schedule';

const FINISHED_JOB_RETENTION_MS = 7 * 24 * 3600_000;

export const maintenanceHandlers: JobHandlers = {
  [MAINTENANCE_JOB]: defineJob(z.object({}), async (_payload, { deps }) => {
    const now = deps.clock.now();
    await purgeFinishedJobs(deps.db, now - FINISHED_JOB_RETENTION_MS);
    await purgeExpiredSessions(deps.db, now);
    await purgeOAuthStates(deps);
  }),
};
