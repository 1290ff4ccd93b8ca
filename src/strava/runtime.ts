/**
 * The Strava clients and the shared rate-limit governor of one `AppDeps`, built once. The
 * governor's state is a row in `rate_limit_state` per Strava app, shared by every worker.
 */
import { and, eq, sql } from 'drizzle-orm';
import { isStravaEnabled } from '../core/config';
import { AppError } from '../core/errors';
import { rateLimitStateTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { createGovernor, createStrava, type Governor, type GovernorState, type GovernorStore, type StravaIntegration } from '../../integrations/strava';

export type StravaDeps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'fetch' | 'logger' | 'secrets'>;

/** Governor state lives in `rate_limit_state`, one row per Strava app, changed by compare-and-swap. */
function dbGovernorStore(db: AppDeps['db'], key: string, now: () => number): GovernorStore {
  return {
    async load() {
      const rows = await db.select({ state: rateLimitStateTable.state }).from(rateLimitStateTable).where(eq(rateLimitStateTable.key, key)).limit(1);
      return rows[0]?.state as GovernorState | undefined;
    },
    async compareAndSwap(expectedV, next) {
      const state = next as unknown as Record<string, number>;
      if (expectedV === undefined) {
        const rows = await db.insert(rateLimitStateTable).values({ key, state, updatedAtMs: now() }).onConflictDoNothing().returning({ key: rateLimitStateTable.key });
        return rows.length > 0;
      }
      const rows = await db
        .update(rateLimitStateTable)
        .set({ state, updatedAtMs: now() })
        .where(and(eq(rateLimitStateTable.key, key), sql`json_extract(${rateLimitStateTable.state}, '$.v') = ${expectedV}`))
        .returning({ key: rateLimitStateTable.key });
      return rows.length > 0;
    },
  };
}

interface StravaRuntime extends StravaIntegration {
  governor: Governor;
}

const runtimes = new WeakMap<object, StravaRuntime>();

/** The Strava clients and governor of this deps (built once, cached). Throws 503 when disabled. */
export function stravaRuntime(deps: StravaDeps): StravaRuntime {
  const cached = runtimes.get(deps);
  if (cached) return cached;
  const { config } = deps;
  if (!isStravaEnabled(config) || !config.STRAVA_CLIENT_ID || !config.STRAVA_CLIENT_SECRET) {
    throw new AppError('NOT_CONFIGURED', 'Strava is not configured on this server (STRAVA_CLIENT_ID)');
  }
  const now = () => deps.clock.now();
  const governor = createGovernor(dbGovernorStore(deps.db, `strava:${config.STRAVA_CLIENT_ID}`, now), now);
  const integration = createStrava(
    { clientId: config.STRAVA_CLIENT_ID, clientSecret: config.STRAVA_CLIENT_SECRET, apiUrl: config.STRAVA_API_URL, oauthUrl: config.STRAVA_OAUTH_URL, timeoutMs: config.STRAVA_TIMEOUT_MS },
    {
      fetch: deps.fetch,
      now,
      // Every response, errors and 429s included, updates the shared usage figures.
      onApiResponse: (info) => governor.observe(info.limits, info.status, info.sentAtMs),
    },
  );
  const runtime = { ...integration, governor };
  runtimes.set(deps, runtime);
  return runtime;
}

