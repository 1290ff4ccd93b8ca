/** A runtime with one runner connected to Garmin through the real OAuth 2.0 + PKCE flow, msw standing in for Garmin. */
import type { SetupServer } from 'msw/node';
import { expect } from 'vitest';
import type { User } from '../../src/db/repositories/users';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { GARMIN_ENV, GarminSim, garminHandlers } from '../msw/garmin';

export const GARMIN_USER = '4aacafe82427c251df9c9592d0c06768';

export interface GarminTestbed {
  rt: TestRuntime;
  sim: GarminSim;
  user: User;
  cookie: string;
}

export async function connectedToGarmin(server: SetupServer, permissions?: string[]): Promise<GarminTestbed> {
  const sim = new GarminSim();
  sim.addUser(GARMIN_USER, permissions);
  server.use(...garminHandlers(sim));
  const rt = await makeTestRuntime({ env: GARMIN_ENV });
  const { user, cookie } = await signedInUser(rt);
  const start = await rt.request('/auth/garmin', { headers: { cookie } });
  expect(start.status).toBe(302);
  const location = start.headers.get('location') as string;
  const binding = (start.headers.getSetCookie().find((c) => c.startsWith('hardday_oauth_garmin=')) ?? '').split(';')[0] as string;
  const params = new URL(location).searchParams;
  expect(location.startsWith(GARMIN_ENV.GARMIN_OAUTH_URL)).toBe(true);
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const code = sim.grantCode(GARMIN_USER, location);
  const back = await rt.request(`/auth/garmin/callback?code=${code}&state=${encodeURIComponent(params.get('state') as string)}`, { headers: { cookie: `${cookie}; ${binding}` } });
  expect(back.status).toBe(302);
  return { rt, sim, user, cookie };
}

/** POST one notification to the push endpoint, as Garmin sends it. */
export function pushTo(rt: TestRuntime, type: string, body: unknown, clientId = GARMIN_ENV.GARMIN_CLIENT_ID): Promise<Response> {
  return rt.request(`/webhooks/garmin/${type}`, { method: 'POST', headers: { 'content-type': 'application/json', 'garmin-client-id': clientId, 'user-agent': 'Garmin Health API' }, body: JSON.stringify(body) });
}
