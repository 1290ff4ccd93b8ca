/**
 * Strava's "Application inactive" (403 on every API call of a Standard-tier app whose owner has
 * no subscription; the token refresh still succeeds) is an app-wide outage: work is held back
 * without spending attempts, connections and data are kept, the reason is shown, a probe now and
 * then finds the end, and everything held back is caught up.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setMeta } from '../../src/db/repositories/meta';
import { jobsTable } from '../../src/db/schema';
import { STRAVA_JOB } from '../../src/core/jobs';
import { STRAVA_APP_PROBE_MS } from '../../src/strava/api';
import { STRAVA_SUBSCRIPTION_META } from '../../src/strava/ingest';
import { ATHLETE_ID, connectThroughApp, event, jobsOfKind, postEvent, runFor, stravaActivities, stravaConnection, stravaTestSuite, SUBSCRIPTION_ID } from './helpers';

const { make } = stravaTestSuite();

const INACTIVE = { message: 'Forbidden', errors: [{ resource: 'Application', field: 'Status', code: 'Inactive' }] };
const run = (id: number, day = '2026-11-19') => ({ id, start_date: `${day}T07:00:00Z`, start_date_local: `${day}T08:00:00Z` });

describe('Strava app inactive', () => {
  it('holds Strava work back without attempts or dead letters, shows reason and remedy, probes, and catches up', async () => {
    const tb = await make();
    const { rt, sim } = tb;
    const { cookie } = await connectThroughApp(tb);
    await rt.runner.drain();
    await setMeta(rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), rt.clock.now());

    sim.putActivity(ATHLETE_ID, run(7001));
    sim.putActivity(ATHLETE_ID, run(7002));
    sim.failNext('GET', /\/api\/v3\/.*/, { status: 403, body: INACTIVE }, 1_000_000);
    sim.calls.length = 0;
    await postEvent(rt, event({ object_id: 7001 }));
    await postEvent(rt, event({ object_id: 7002 }));
    // Two hours of outage.
    await runFor(rt, 2 * 3600_000, 60_000);

    const fetchJobs = await jobsOfKind(rt, STRAVA_JOB.fetchActivity);
    expect(fetchJobs).toHaveLength(2);
    for (const j of fetchJobs) expect(j).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.status, 'dead'))).toEqual([]);
    // Held back: one probe per interval, not one call per job per try.
    const apiCalls = sim.count('GET', /\/api\/v3\//);
    expect(apiCalls).toBeLessThanOrEqual(Math.ceil((2 * 3600_000) / STRAVA_APP_PROBE_MS) + 2);
    expect((await stravaConnection(rt))?.status).toBe('active');

    const health = await rt.request('/healthz/detail', { headers: { cookie } });
    expect(health.status).toBe(200);
    const detail = (await health.json()) as { strava: { appStatus: { state: string; since: string; message: string } | null } };
    expect(detail.strava.appStatus).toMatchObject({ state: 'inactive', since: expect.stringMatching(/^2026-11-20T12:0/) });
    expect(detail.strava.appStatus?.message).toMatch(/reactivate/i);
    const connections = (await (await rt.request('/api/me/connections', { headers: { cookie } })).json()) as { connections: Array<Record<string, unknown>> };
    expect(connections.connections[0]).toMatchObject({ status: 'active', needsReconsent: false, appStatus: { state: 'inactive' } });

    // The app owner reactivates the app: the next probe succeeds and the rest follows.
    sim.clearFailures();
    await runFor(rt, STRAVA_APP_PROBE_MS + 2 * 60_000, 30_000);
    expect((await stravaActivities(rt)).map((a) => a.externalId).sort()).toEqual(['7001', '7002']);
    const after = (await (await rt.request('/healthz/detail', { headers: { cookie } })).json()) as { strava: { appStatus: unknown } };
    expect(after.strava.appStatus).toBeNull();
    // And a reconciliation of every athlete catches up on what the outage hid.
    expect((await jobsOfKind(rt, STRAVA_JOB.reconcile)).some((j) => j.idempotencyKey.includes('app-reactivated'))).toBe(true);
    expect(await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.status, 'dead'))).toEqual([]);
  });
});
