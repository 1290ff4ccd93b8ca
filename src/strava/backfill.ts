/**
 * Connect-time backfill: the last STRAVA_BACKFILL_WEEKS weeks from `GET /athlete/activities`
 * (summary data is enough to classify a day), 200 per page, one job per page so a rate-limit
 * pause or a crash resumes at the page it stopped. Strava may return a short page before the
 * end, so paging stops only at an empty page. One replan at the end.
 */
import { findConnection } from '../db/repositories/connections';
import type { AppDeps } from '../deps';
import { requestReplan } from '../planning/request';
import { withStrava } from './api';
import { storeStravaActivity } from './store';
import { PRIORITY, STRAVA_JOB } from '../core/jobs';

export const PAGE_SIZE = 200;

export interface BackfillPage {
  athleteId: string;
  after: number;
  before: number;
  page: number;
}

export function backfillJob(input: BackfillPage) {
  return {
    kind: STRAVA_JOB.backfill,
    payload: input,
    idempotencyKey: `strava-backfill:${input.athleteId}:${input.after}:${input.page}`,
    priority: PRIORITY.backfill,
  };
}

/** The first page job of a backfill ending now. */
export function firstBackfillPage(deps: Pick<AppDeps, 'clock' | 'config'>, athleteId: string): BackfillPage {
  const nowS = Math.floor(deps.clock.now() / 1000);
  return { athleteId, after: nowS - deps.config.STRAVA_BACKFILL_WEEKS * 7 * 86_400, before: nowS, page: 1 };
}

export async function runBackfillPage(deps: AppDeps, input: BackfillPage): Promise<void> {
  const connection = await findConnection(deps.db, 'strava', input.athleteId);
  if (connection?.status !== 'active') return;
  const items = await withStrava(deps, connection, 'backfill', (api, token) =>
    api.listActivities(token, { after: input.after, before: input.before, page: input.page, perPage: PAGE_SIZE }),
  );
  for (const { activity, raw } of items) {
    if (activity.athlete.id !== connection.externalId) continue;
    await storeStravaActivity(deps, connection, activity, raw);
  }
  if (items.length > 0) {
    await deps.jobs.enqueue(backfillJob({ ...input, page: input.page + 1 }));
    return;
  }
  deps.logger.info('strava backfill finished', { athleteId: input.athleteId, pages: input.page - 1 });
  await requestReplan(deps, connection.userId);
}
