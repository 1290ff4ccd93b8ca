/**
 * The one way services call Strava: get a valid access token (refreshing it if needed), book the
 * request with the shared rate-limit governor, call, and turn the outcome into job semantics —
 * a rate limit defers the job until the window, an expired token is refreshed once, a missing
 * scope marks the connection for re-consent, an outage defers the job with a growing back-off.
 */
import { and, eq, sql } from 'drizzle-orm';
import { isStravaEnabled } from '../config';
import { markConnection, type ConnectionRow } from '../db/repositories/connections';
import { audit } from '../db/repositories/audit';
import { rateLimitStateTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { AppError, JobDeferred, PermanentJobError } from '../errors';
import type { JobRow } from '../jobs/queue';
import {
  createGovernor,
  createStrava,
  type Governor,
  type GovernorPriority,
  type GovernorState,
  type GovernorStore,
  isStravaError,
  type StravaApi,
  type StravaIntegration,
} from '../../integrations/strava';
import { accessTokenFor } from './strava-tokens';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'fetch' | 'logger' | 'secrets'>;

/** Governor state lives in `rate_limit_state`, one row per Strava app, changed by compare-and-swap. */
export function dbGovernorStore(db: AppDeps['db'], key: string, now: () => number): GovernorStore {
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
export function stravaRuntime(deps: Deps): StravaRuntime {
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

/** Spread deferred jobs over a few seconds so a window opening is not one thundering herd. */
function jitter(ms: number): number {
  return ms + Math.floor(Math.random() * 5_000);
}

/**
 * Call Strava for one athlete's connection at a priority. `fn` gets the API and a valid token.
 * Throws JobDeferred (rate limit, refresh in progress), PermanentJobError (re-consent needed),
 * or the StravaApiError of the call.
 */
export async function withStrava<T>(deps: Deps, connection: ConnectionRow, priority: GovernorPriority, fn: (api: StravaApi, accessToken: string) => Promise<T>): Promise<T> {
  const strava = stravaRuntime(deps);
  let forceRefresh = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    // Token first: a refresh that fails or waits must not book a request that is never sent.
    const token = await accessTokenFor(deps, connection, { force: forceRefresh });
    const verdict = await strava.governor.acquire(priority);
    if (!verdict.ok) throw new JobDeferred(jitter(verdict.retryAtMs), verdict.reason);
    try {
      return await fn(strava.api, token);
    } catch (error) {
      if (isStravaError(error, 'rate_limited')) {
        throw new JobDeferred(jitter(error.retryAtMs ?? deps.clock.now() + 60_000), error.message);
      }
      if (isStravaError(error, 'token_invalid') && attempt === 0) {
        forceRefresh = true;
        continue;
      }
      if (isStravaError(error, 'scope_missing', 'token_invalid')) {
        const now = deps.clock.now();
        await markConnection(deps.db, connection.id, 'needs_reconsent', error.message, now);
        await audit(deps.db, { userId: connection.userId, actor: 'system', action: 'strava.needs_reconsent', detail: { athleteId: connection.externalId, reason: error.reason } });
        throw new PermanentJobError(`Strava connection needs re-consent: ${error.message}`);
      }
      throw error;
    }
  }
  throw new PermanentJobError('unreachable: Strava call loop');
}

/*
 * Strava unreachable (5xx, timeout, no connection) is waited out, not counted against the job's
 * attempts: an accepted event must survive an outage of any length. The job is deferred with a
 * back-off doubling from 5 s to 15 min; the step is carried in the job's `lastError` (the runner
 * keeps a deferral's reason there, and a re-armed or finished job clears it). The same tally
 * carries the 404-after-create count, so the two back-offs do not reset each other.
 */
const OUTAGE_FIRST_MS = 5_000;
const OUTAGE_MAX_MS = 15 * 60_000;
const TALLY = /\[strava retry: outage (\d+), not found (\d+)\]/;

export interface RetryTally {
  outage: number;
  notFound: number;
}

/** The outage and 404 counts of earlier deferrals of this job. */
export function retryTally(job: Pick<JobRow, 'lastError'>): RetryTally {
  const m = TALLY.exec(job.lastError ?? '');
  return { outage: Number(m?.[1] ?? 0), notFound: Number(m?.[2] ?? 0) };
}

/** Put the job back at `runAtMs` (no attempt spent), remembering the tally. */
export function deferWithTally(runAtMs: number, reason: string, tally: RetryTally): JobDeferred {
  return new JobDeferred(runAtMs, `${reason} [strava retry: outage ${tally.outage}, not found ${tally.notFound}]`);
}

/** Run a Strava job's work; an unreachable Strava defers the job instead of failing it. */
export async function waitingOutOutages<T>(deps: Pick<AppDeps, 'clock'>, job: Pick<JobRow, 'lastError'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isStravaError(error, 'server', 'timeout', 'network')) throw error;
    const tally = retryTally(job);
    const step = Math.min(OUTAGE_MAX_MS, OUTAGE_FIRST_MS * 2 ** Math.min(tally.outage, 20));
    throw deferWithTally(deps.clock.now() + step + Math.floor(Math.random() * (step / 10)), `Strava unreachable: ${error.message}`, { ...tally, outage: tally.outage + 1 });
  }
}
