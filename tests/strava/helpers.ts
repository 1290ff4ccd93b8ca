/**
 * Shared set-up for the Strava integration tests: the real runtime (HTTP app, job runner, SQLite)
 * with Strava enabled, a manual clock, and the Strava simulation answering through msw.
 */
import { eq } from 'drizzle-orm';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { activitiesTable, connectionsTable, jobsTable, webhookInboxTable } from '../../src/db/schema';
import { makeTestRuntime, manualClock, type TestRuntime } from '../helpers/runtime';
import { createStravaSim, type StravaSim, stravaHandlers } from '../msw/strava';
import { ATHLETE_ID, SUBSCRIPTION_ID, stravaEvent } from '../scenarios/strava';

export const STRAVA_ENV = {
  STRAVA_CLIENT_ID: '12345',
  STRAVA_CLIENT_SECRET: 'strava-client-secret',
  STRAVA_VERIFY_TOKEN: 'verify-token-0123',
  STRAVA_FETCH_DELAY_MS: '20000',
  STRAVA_TIMEOUT_MS: '250',
  // several athletes sign in with Strava on one server: open sign-up (the default is invitation only)
  SIGNUP: 'open',
};

export { ATHLETE_ID, SUBSCRIPTION_ID };

export interface StravaTestbed {
  rt: TestRuntime;
  sim: StravaSim;
}

export async function makeStravaTestbed(server: SetupServer, env: Record<string, string> = {}): Promise<StravaTestbed> {
  const clock = manualClock('2026-11-20T12:00:00Z');
  const sim = createStravaSim({ now: () => clock.now(), clientId: STRAVA_ENV.STRAVA_CLIENT_ID, clientSecret: STRAVA_ENV.STRAVA_CLIENT_SECRET });
  server.use(...stravaHandlers(sim));
  const rt = await makeTestRuntime({ env: { ...STRAVA_ENV, ...env }, clock });
  return { rt, sim };
}

/**
 * Register a test file's msw server (unhandled requests fail the test) and dispose every testbed
 * made through `make` after each test.
 */
export function stravaTestSuite(): { server: SetupServer; make(env?: Record<string, string>): Promise<StravaTestbed> } {
  const server = setupServer();
  const made: StravaTestbed[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    server.resetHandlers();
    for (const tb of made.splice(0)) await tb.rt.dispose();
  });
  afterAll(() => server.close());
  return {
    server,
    async make(env = {}) {
      const tb = await makeStravaTestbed(server, env);
      made.push(tb);
      return tb;
    },
  };
}

/** The `name=value` of a cookie the response sets (undefined when it sets none by that name). */
export function cookieSet(response: Response, name: string): string | undefined {
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
}

/** Start the connect flow in a "browser": the state Strava will echo and the binding cookie. */
export async function startConnect(tb: StravaTestbed): Promise<{ state: string; bindingCookie: string; response: Response }> {
  const response = await tb.rt.request('/auth/strava');
  const state = new URL(response.headers.get('location') ?? '').searchParams.get('state') ?? '';
  return { state, bindingCookie: cookieSet(response, 'hardday_oauth_strava') ?? '', response };
}

/** Run the whole connect flow through the app, in one browser; returns the session cookie. */
export async function connectThroughApp(tb: StravaTestbed, opts: { athleteId?: number; scope?: string; accept?: string } = {}): Promise<{ cookie: string; response: Response }> {
  const athleteId = opts.athleteId ?? ATHLETE_ID;
  const { state, bindingCookie } = await startConnect(tb);
  const scope = opts.scope ?? 'read,activity:read_all,profile:read_all';
  const code = tb.sim.grantCode(athleteId, scope.split(','));
  const response = await tb.rt.request(`/auth/strava/callback?state=${encodeURIComponent(state)}&code=${code}&scope=${encodeURIComponent(scope)}`, {
    headers: { cookie: bindingCookie, ...(opts.accept ? { accept: opts.accept } : {}) },
  });
  return { cookie: cookieSet(response, 'hardday_session') ?? '', response };
}

/** A Strava webhook event (the same builder the two-runtime scenarios use). */
export const event = (fields: Partial<{ aspect_type: string; object_type: string; object_id: number; owner_id: number; event_time: number; updates: Record<string, string>; subscription_id: number }> = {}) => stravaEvent(fields);

export function postEvent(rt: TestRuntime, body: unknown): Promise<Response> {
  return rt.request('/webhooks/strava', { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export async function stravaActivities(rt: TestRuntime) {
  return rt.deps.db.select().from(activitiesTable).where(eq(activitiesTable.provider, 'strava'));
}

export async function stravaConnection(rt: TestRuntime) {
  const rows = await rt.deps.db.select().from(connectionsTable).where(eq(connectionsTable.provider, 'strava'));
  return rows[0];
}

export async function jobsOfKind(rt: TestRuntime, kind: string) {
  return rt.deps.db.select().from(jobsTable).where(eq(jobsTable.kind, kind));
}

export async function inboxRows(rt: TestRuntime) {
  return rt.deps.db.select().from(webhookInboxTable);
}

/** Advance the manual clock and run everything that became due, repeatedly, up to `totalMs`. */
export async function runFor(rt: TestRuntime, totalMs: number, stepMs = 5_000): Promise<void> {
  await rt.runner.drain();
  for (let t = 0; t < totalMs; t += stepMs) {
    rt.clock.advance(stepMs);
    await rt.runner.drain();
  }
}
