/**
 * Garmin through the real app: connect (OAuth 2.0 + PKCE), push and ping notifications into the
 * inbox and the job runner, deregistration, permission changes, disconnect; msw stands in for
 * Garmin with the documented shapes.
 */
import { eq } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readTokens } from '../../src/db/repositories/connections';
import { upsertActivity } from '../../src/db/repositories/activities';
import { activitiesTable, activitySourcesTable, connectionsTable, daysTable, webhookInboxTable } from '../../src/db/schema';
import type { TestRuntime } from '../helpers/runtime';
import { activitySummary, type GarminSim } from '../msw/garmin';
import { connectedToGarmin, GARMIN_USER, pushTo } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let rt: TestRuntime | undefined;
let sim: GarminSim;

afterEach(async () => {
  server.resetHandlers();
  await rt?.dispose();
  rt = undefined;
});

async function setup(permissions?: string[]) {
  const tb = await connectedToGarmin(server, permissions);
  rt = tb.rt;
  sim = tb.sim;
  return { user: tb.user, cookie: tb.cookie };
}

const push = (type: string, body: unknown, clientId?: string) => pushTo(rt as TestRuntime, type, body, clientId);

async function settle() {
  const r = rt as TestRuntime;
  await r.runner.drain();
  r.clock.advance(10_000);
  await r.runner.drain();
}

const connection = async () => (await (rt as TestRuntime).deps.db.select().from(connectionsTable).where(eq(connectionsTable.provider, 'garmin')))[0];
const activities = () => (rt as TestRuntime).deps.db.select().from(activitiesTable);

describe('Garmin connect', () => {
  it('exchanges the code with the PKCE verifier, stores sealed tokens and permissions, asks for a backfill', async () => {
    const { user } = await setup();
    const c = await connection();
    expect(c).toMatchObject({ userId: user.id, externalId: GARMIN_USER, status: 'active', scopes: 'ACTIVITY_EXPORT,HISTORICAL_DATA_EXPORT,WORKOUT_IMPORT' });
    expect(c?.accessTokenSealed).not.toContain('access-');
    expect((await readTokens((rt as TestRuntime).deps.secrets, c as NonNullable<typeof c>))?.accessToken).toMatch(/^access-/);
    await settle();
    expect(sim.backfills).toHaveLength(1);
    expect((sim.backfills[0]?.end ?? 0) - (sim.backfills[0]?.start ?? 0)).toBe(30 * 86_400);
  });
});

describe('Garmin push', () => {
  it('activity push → 200 at once → stored → plan; a redelivery is a no-op', async () => {
    const { cookie } = await setup();
    const res = await push('activities', { activities: [activitySummary()] });
    expect(res.status).toBe(200);
    expect(await (rt as TestRuntime).deps.db.select().from(webhookInboxTable)).toHaveLength(1);
    expect(await activities()).toHaveLength(0); // processed by the job runner, not in the request
    await settle();
    const stored = await activities();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ provider: 'garmin', externalId: '5001968355', sport: 'run', startLocal: '2026-11-18T13:00:00', utcOffsetMin: 60, distanceM: 9012.5, avgHrBpm: 152, name: 'Lunch Run' });
    const day = (await (rt as TestRuntime).deps.db.select().from(daysTable)).find((d) => d.date === '2026-11-18');
    expect(day?.activities).toHaveLength(1);
    const plan = (await (await (rt as TestRuntime).request('/api/me/plan', { headers: { cookie } })).json()) as { sessions: unknown[] };
    expect(Array.isArray(plan.sessions)).toBe(true);

    await push('activities', { activities: [activitySummary()] });
    expect(await (rt as TestRuntime).deps.db.select().from(webhookInboxTable)).toHaveLength(1);
  });

  it('ping mode: fetches the callback URL with the bearer token; a URL off the API host is never fetched', async () => {
    await setup();
    const url = sim.pingUrl([activitySummary({ summaryId: 'p-1', startTimeInSeconds: 1794916800 })]);
    expect((await push('activities', { activities: [{ userId: GARMIN_USER, callbackURL: url }] })).status).toBe(200);
    await push('activities', { activities: [{ userId: GARMIN_USER, callbackURL: 'https://evil.example/steal?token=x' }] });
    await settle();
    expect((await activities()).map((a) => a.externalId)).toEqual(['p-1']);
    expect(sim.count('GET', /\/wellness-api\/rest\/activities$/)).toBe(1);
    const inbox = await (rt as TestRuntime).deps.db.select().from(webhookInboxTable);
    expect(inbox.map((r) => r.status).sort()).toEqual(['dropped', 'processed']);
  });

  it('refuses a notification without our garmin-client-id', async () => {
    await setup();
    const res = await push('activities', { activities: [activitySummary()] }, 'someone-else');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(await (rt as TestRuntime).deps.db.select().from(webhookInboxTable)).toHaveLength(0);
  });

  it('deregistration purges tokens and Garmin activities', async () => {
    await setup();
    await push('activities', { activities: [activitySummary()] });
    await settle();
    expect(await activities()).toHaveLength(1);
    expect((await push('deregistrations', { deregistrations: [{ userId: GARMIN_USER }] })).status).toBe(200);
    await settle();
    expect(await activities()).toHaveLength(0);
    expect(await connection()).toMatchObject({ status: 'revoked', accessTokenSealed: null, refreshTokenSealed: null });
    // later notifications for the user are dropped
    await push('activities', { activities: [activitySummary({ summaryId: 'late' })] });
    await settle();
    expect(await activities()).toHaveLength(0);
  });

  it('a withdrawn ACTIVITY_EXPORT permission stops fetches; granting it again resumes', async () => {
    await setup();
    await push('userPermissionsChange', { userPermissionsChange: [{ userId: GARMIN_USER, summaryId: 'x', permissions: ['WORKOUT_IMPORT'], changeTimeInSeconds: 1763640000 }] });
    await settle();
    expect((await connection())?.scopes).toBe('WORKOUT_IMPORT');
    await push('activities', { activities: [{ userId: GARMIN_USER, callbackURL: sim.pingUrl([activitySummary()]) }] });
    await settle();
    expect(sim.count('GET', /\/wellness-api\/rest\/activities$/)).toBe(0);
    expect(await activities()).toHaveLength(0);

    await push('userPermissionsChange', { userPermissionsChange: [{ userId: GARMIN_USER, permissions: ['ACTIVITY_EXPORT', 'WORKOUT_IMPORT'] }] });
    await settle();
    await push('activities', { activities: [{ userId: GARMIN_USER, callbackURL: sim.pingUrl([activitySummary()]) }] });
    await settle();
    expect(await activities()).toHaveLength(1);
  });

  it('the same run already synced from Strava is stored once, with both origins', async () => {
    const { user } = await setup();
    const r = rt as TestRuntime;
    await upsertActivity(r.deps.db, user.id, {
      provider: 'strava',
      externalId: '16104838243',
      localDate: '2026-11-18',
      startLocal: '2026-11-18T13:00:40',
      utcOffsetMin: 60,
      startUtcMs: Date.parse('2026-11-18T12:00:40Z'),
      sport: 'run',
      name: 'Lunch Run',
      durationS: 2890,
      distanceM: 9040,
      workoutType: 'workout',
      perceivedExertion: 7,
    }, r.clock.now());
    await push('activities', { activities: [activitySummary()] });
    await settle();
    const stored = await activities();
    expect(stored).toHaveLength(1);
    const sources = await r.deps.db.select().from(activitySourcesTable);
    expect(sources.map((s) => s.provider).sort()).toEqual(['garmin', 'strava']);
    expect(stored[0]).toMatchObject({ avgHrBpm: 152, workoutType: 'workout' });
  });

  it('disconnect DELETEs the user registration at Garmin and purges', async () => {
    const { cookie } = await setup();
    await push('activities', { activities: [activitySummary()] });
    await settle();
    const res = await (rt as TestRuntime).request('/api/me/connections/garmin', { method: 'DELETE', headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ disconnected: true, activitiesDeleted: 1 });
    expect(sim.count('DELETE', /\/user\/registration$/)).toBe(1);
    expect(sim.users.get(GARMIN_USER)?.registered).toBe(false);
    expect(await activities()).toHaveLength(0);
  });
});
