/**
 * The one way services call Strava: get a valid access token (refreshing it if needed), book the
 * request with the shared rate-limit governor, call, and turn the outcome into job semantics —
 * a rate limit defers the job until the window, an expired token is refreshed once, a missing
 * scope marks the connection for re-consent, an outage defers the job with a growing back-off.
 */
import { markConnection, type ConnectionRow } from '../db/repositories/connections';
import { claimProviderProbe, clearProviderInactive, markProviderInactive, readProviderAppStatus } from '../db/repositories/provider-status';
import { audit } from '../db/repositories/audit';
import type { AppDeps } from '../deps';
import { IntegrationError, JobDeferred, PermanentJobError } from '../core/errors';
import type { JobContext } from '../queue/runner';
import { type GovernorPriority, isStravaError, type StravaApi } from '../../integrations/strava';
import { type StravaDeps, stravaRuntime } from './runtime';
import { accessTokenFor } from './tokens';
import { PRIORITY, STRAVA_JOB } from '../core/jobs';

type Deps = StravaDeps & Partial<Pick<AppDeps, 'jobs'>>;

/**
 * While Strava answers "Application inactive" (an app-wide outage), Strava work is held back:
 * every call is deferred (no attempt spent, nothing dead-lettered) to the next probe, when one
 * call is let through. Once Strava answers again the held-back jobs run at their next turn and a
 * reconciliation of every athlete catches up on what the outage hid.
 */
export const STRAVA_APP_PROBE_MS = 15 * 60_000;
const HELD_SPREAD_MS = 30_000;

function heldBack(nextProbeMs: number): JobDeferred {
  return new JobDeferred(nextProbeMs + Math.floor(Math.random() * HELD_SPREAD_MS), 'Strava app inactive: held back until Strava answers again');
}

/** Called after any successful Strava API call: ends a recorded app outage and queues the catch-up. */
async function stravaAnswered(deps: Deps, wasInactive: boolean): Promise<void> {
  if (!wasInactive) return;
  if (!(await clearProviderInactive(deps.db))) return;
  deps.logger.warn('Strava answers again: the app is active; catching up');
  // The reconciliation sweep queues one listing per athlete (what the outage hid).
  await deps.jobs?.enqueue({ kind: STRAVA_JOB.reconcileSweep, payload: {}, idempotencyKey: `strava-reconcile-sweep:app-reactivated:${deps.clock.now()}`, priority: PRIORITY.reconcile });
}

/**
 * Put the job back until a rate-limit window opens, spread over a few seconds so the opening is
 * not one thundering herd.
 */
export function deferUntilWindow(retryAtMs: number, reason: string): JobDeferred {
  return new JobDeferred(retryAtMs + Math.floor(Math.random() * 5_000), reason);
}

/**
 * Call Strava for one athlete's connection at a priority. `fn` gets the API and a valid token.
 * Throws JobDeferred (rate limit, refresh in progress), PermanentJobError (re-consent needed),
 * or the StravaApiError of the call.
 */
export async function withStrava<T>(deps: Deps, connection: ConnectionRow, priority: GovernorPriority, fn: (api: StravaApi, accessToken: string) => Promise<T>): Promise<T> {
  const strava = stravaRuntime(deps);
  const appStatus = await readProviderAppStatus(deps.db);
  if (appStatus && !(await claimProviderProbe(deps.db, deps.clock.now(), STRAVA_APP_PROBE_MS))) {
    throw heldBack(appStatus.lastProbeMs + STRAVA_APP_PROBE_MS);
  }
  let forceRefresh = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    // Token first: a refresh that fails or waits must not book a request that is never sent.
    const token = await accessTokenFor(deps, connection, { force: forceRefresh });
    const verdict = await strava.governor.acquire(priority);
    if (!verdict.ok) throw deferUntilWindow(verdict.retryAtMs, verdict.reason);
    let result: T;
    try {
      result = await fn(strava.api, token);
    } catch (error) {
      if (isStravaError(error, 'app_inactive')) {
        const now = deps.clock.now();
        if (await markProviderInactive(deps.db, now)) deps.logger.error('Strava answers "Application inactive": Strava work is held back until the app owner reactivates the app', { error: error.message });
        throw heldBack(now + STRAVA_APP_PROBE_MS);
      }
      if (isStravaError(error, 'rate_limited')) {
        throw deferUntilWindow(error.retryAtMs ?? deps.clock.now() + 60_000, error.message);
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
      // Any answer from Strava about this request (404, 5xx…) shows the app itself is active.
      if (isStravaError(error, 'not_found', 'forbidden', 'bad_request', 'server')) await stravaAnswered(deps, appStatus !== undefined);
      throw error;
    }
    await stravaAnswered(deps, appStatus !== undefined);
    return result;
  }
  throw new PermanentJobError('unreachable: Strava call loop');
}

/** A running job's retry counters (`ctx.retryState`), kept across its attempts and deferrals. */
export type RetryCounters = Pick<JobContext, 'retryState' | 'setRetryState'>;

/** Merge `patch` into the job's counters and persist them (later updates in this run build on it). */
export async function updateRetryState(ctx: RetryCounters, patch: Record<string, number>): Promise<void> {
  const next = { ...ctx.retryState, ...patch };
  ctx.retryState = next;
  await ctx.setRetryState(next);
}

/** Back-off doubling from 5 s per earlier try, capped at `maxMs`, plus up to 10 % jitter. */
export function doublingBackoffMs(tries: number, maxMs: number): number {
  const step = Math.min(maxMs, 5_000 * 2 ** Math.min(tries, 20));
  return step + Math.floor(Math.random() * (step / 10));
}

/*
 * Strava unreachable (5xx, timeout, no connection) is waited out, not counted against the job's
 * attempts: a short outage must not dead-letter accepted work. The job is deferred with a back-off
 * doubling from 5 s to 15 min; the count and the time of the first outage are kept in the job's
 * retry state, which other deferrals (rate limit, token refresh in progress) leave alone. Once a
 * job has been waiting longer than STRAVA_OUTAGE_GIVE_UP_MS it fails normally: its remaining
 * attempts run with the runner's back-off, then it is dead-lettered (visible in /healthz/detail),
 * and the reconciliation sweep repairs the activity later.
 */
const STRAVA_OUTAGE_MAX_STEP_MS = 15 * 60_000;
export const STRAVA_OUTAGE_GIVE_UP_MS = 24 * 3600_000;
const OUTAGES = 'stravaOutages';
const OUTAGE_SINCE = 'stravaOutageSinceMs';

/** Run a Strava job's work; an unreachable Strava defers the job instead of failing it (up to a cap). */
export async function waitingOutOutages<T>(deps: Pick<AppDeps, 'clock' | 'logger'>, ctx: RetryCounters, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isStravaError(error, 'server', 'timeout', 'network')) throw error;
    const now = deps.clock.now();
    const outages = ctx.retryState[OUTAGES] ?? 0;
    const since = ctx.retryState[OUTAGE_SINCE] ?? now;
    await updateRetryState(ctx, { [OUTAGES]: outages + 1, [OUTAGE_SINCE]: since });
    if (now - since >= STRAVA_OUTAGE_GIVE_UP_MS) {
      const hours = Math.round((now - since) / 3600_000);
      deps.logger.error('strava job gave up waiting out an outage', { hours, tries: outages + 1, error: error.message });
      throw new IntegrationError('UPSTREAM_UNAVAILABLE', `Strava unreachable for ${hours} h (${outages + 1} tries), gave up waiting: ${error.message}`, { retryable: true, cause: error });
    }
    throw new JobDeferred(now + doublingBackoffMs(outages, STRAVA_OUTAGE_MAX_STEP_MS), `Strava unreachable: ${error.message}`);
  }
}
