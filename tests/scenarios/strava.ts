/**
 * Strava steps shared by the scenarios, over the driver only: connect through the app's OAuth
 * flow (Strava simulated by msw), post webhook events.
 */
import type { StravaSim } from '../msw/strava';
import { type Driver, SCENARIO_ENV } from './driver';

export const ATHLETE_ID = 134815;
export const SUBSCRIPTION_ID = 120475;

export function cookieSet(response: Response, name: string): string | undefined {
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
}

/** The whole connect flow in one "browser"; returns the session cookie. */
export async function connectStrava(d: Driver, sim: StravaSim, athleteId = ATHLETE_ID): Promise<string> {
  const start = await d.request('/auth/strava');
  const state = new URL(start.headers.get('location') ?? 'http://x/').searchParams.get('state') ?? '';
  const binding = cookieSet(start, 'hardday_oauth_strava') ?? '';
  const scope = 'read,activity:read_all,profile:read_all';
  const code = sim.grantCode(athleteId, scope.split(','));
  const callback = await d.request(`/auth/strava/callback?state=${encodeURIComponent(state)}&code=${code}&scope=${encodeURIComponent(scope)}`, { headers: { cookie: binding } });
  return cookieSet(callback, 'hardday_session') ?? '';
}

export function stravaEvent(fields: Record<string, unknown> = {}) {
  return {
    aspect_type: 'create',
    event_time: 1_763_640_000,
    object_id: 16_104_838_243,
    object_type: 'activity',
    owner_id: ATHLETE_ID,
    subscription_id: SUBSCRIPTION_ID,
    updates: {},
    ...fields,
  };
}

export function postStravaEvent(d: Driver, body: unknown): Promise<Response> {
  return d.request('/webhooks/strava', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export const VERIFY_TOKEN = SCENARIO_ENV.STRAVA_VERIFY_TOKEN;

/** An interval session in the morning of Friday 2026-11-20, Berlin time. */
export function intervalRun(id: number, startUtc = '2026-11-20T06:00:00Z', startLocal = '2026-11-20T07:00:00Z') {
  return {
    id,
    name: 'Intervals 6x800',
    type: 'Run',
    sport_type: 'Run',
    workout_type: 3,
    start_date: startUtc,
    start_date_local: startLocal,
    timezone: '(GMT+01:00) Europe/Berlin',
    utc_offset: 3600,
    moving_time: 3300,
    elapsed_time: 3500,
    distance: 10_000,
    has_heartrate: true,
    average_heartrate: 166,
    max_heartrate: 184,
  };
}
