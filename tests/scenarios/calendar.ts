/**
 * Calendar push on both runtimes: a runner connects Google Calendar through the app's OAuth flow
 * (Google's token endpoint and Calendar v3 REST API answered by msw, inside the Worker on
 * Workers), the sync job writes the plan into a dedicated calendar, and a replan moves it.
 */
import { expect } from 'vitest';
import { basicAuthHeader } from '../../integrations/shared/http';
import { GOOGLE_ENV, createGoogleFake } from '../msw/google';
import { CALDAV_USER } from './caldav-account';
import { manualClock, runFor, type Scenario } from './driver';
import { planOf, postJson, putSettings, signUp } from './runner';

const SYNC_FROM = '2026-11-13';
const SYNC_TO = '2027-01-19';

export const calendarScenarios: Scenario[] = [
  {
    name: 'calendar: connecting Google Calendar pushes the plan into its own calendar, and a replan updates it',
    async run(kit) {
      const google = createGoogleFake();
      kit.useHandlers(...google.handlers);
      const d = await kit.makeDriver({ env: GOOGLE_ENV, clock: manualClock('2026-11-20T12:00:00Z') });
      try {
        const cookie = await signUp(d, 'rita@example.com');
        await putSettings(d, cookie);
        await runFor(d, 10_000);

        const started = await postJson(d, '/api/me/calendars', { kind: 'google' }, cookie);
        expect(started.status).toBe(200);
        const authorize = new URL(((await started.json()) as { authorizeUrl: string }).authorizeUrl);
        expect(authorize.origin + authorize.pathname).toBe(GOOGLE_ENV.GOOGLE_AUTH_URL);
        const state = authorize.searchParams.get('state') ?? '';
        const callback = await d.request(`/auth/google/callback?state=${encodeURIComponent(state)}&code=good-code`, { headers: { cookie } });
        expect(callback.status).toBe(302);
        expect(callback.headers.get('location')).toBe('/?calendar=google-connected');
        await runFor(d, 30_000);

        const calendars = (await (await d.request('/api/me/calendars', { headers: { cookie } })).json()) as { calendars: Array<{ kind: string; status: string }> };
        expect(calendars.calendars).toMatchObject([{ kind: 'google', status: 'active' }]);
        expect([...google.calendars.values()].map((c) => [c.summary, c.timeZone])).toEqual([[expect.stringMatching(/hardday/i), 'Europe/Berlin']]);
        const sessions = await planOf(d, cookie, SYNC_FROM, SYNC_TO);
        expect(sessions.length).toBeGreaterThan(0);
        const live = google.liveEvents();
        expect(live).toHaveLength(sessions.length);
        expect(live.every((e) => e.start?.timeZone === 'Europe/Berlin')).toBe(true);

        // New equipment: the replan rewrites the sessions' exercises, and the sync pushes them.
        google.resetLog();
        const descriptions = new Map(live.map((e) => [e.id, e.description]));
        await putSettings(d, cookie, { equipment: ['bodyweight', 'dumbbells', 'kettlebell', 'gym'] });
        await runFor(d, 30_000);
        const after = await planOf(d, cookie, SYNC_FROM, SYNC_TO);
        const liveAfter = google.liveEvents();
        expect(liveAfter).toHaveLength(after.length);
        expect(google.eventWrites).toBeGreaterThan(0);
        expect(liveAfter.some((e) => descriptions.get(e.id) !== e.description)).toBe(true);
      } finally {
        await d.dispose();
      }
    },
  },
  {
    name: 'calendar: connecting a CalDAV server (real Radicale) verifies the login, writes the plan as events, and a replan rewrites them',
    async run(kit) {
      const serverUrl = await kit.caldavServer();
      // Radicale listens on loopback: allow private addresses for this one runner-supplied URL.
      const d = await kit.makeDriver({ env: { OUTBOUND_ALLOW_PRIVATE: 'true' }, clock: manualClock('2026-11-20T12:00:00Z') });
      try {
        const cookie = await signUp(d, 'rita@example.com');
        await putSettings(d, cookie);
        await runFor(d, 10_000);

        const refused = await postJson(d, '/api/me/calendars', { kind: 'caldav', url: serverUrl, username: CALDAV_USER.username, password: 'not-the-password' }, cookie);
        expect(refused.status).toBe(422);
        const connected = await postJson(d, '/api/me/calendars', { kind: 'caldav', url: serverUrl, ...CALDAV_USER }, cookie);
        expect(connected.status).toBe(201);
        await runFor(d, 30_000);

        const calendars = (await (await d.request('/api/me/calendars', { headers: { cookie } })).json()) as { calendars: Array<{ kind: string; status: string }> };
        expect(calendars.calendars).toMatchObject([{ kind: 'caldav', status: 'active' }]);
        const sessions = await planOf(d, cookie, SYNC_FROM, SYNC_TO);
        expect(sessions.length).toBeGreaterThan(0);
        const auth = { authorization: basicAuthHeader(CALDAV_USER.username, CALDAV_USER.password) };
        const objectOf = async (id: string) => {
          const res = await fetch(`${serverUrl}${CALDAV_USER.username}/hardday-training/${id}.ics`, { headers: auth });
          return { status: res.status, ics: await res.text() };
        };
        const first = new Map<string, string>();
        for (const s of sessions) {
          const o = await objectOf(s.id);
          expect(o.status, s.id).toBe(200);
          expect(o.ics).toContain('TZID=Europe/Berlin');
          first.set(s.id, o.ics);
        }

        await putSettings(d, cookie, { equipment: ['bodyweight', 'dumbbells', 'kettlebell', 'gym'] });
        await runFor(d, 30_000);
        const after = await planOf(d, cookie, SYNC_FROM, SYNC_TO);
        let rewritten = 0;
        for (const s of after) {
          const o = await objectOf(s.id);
          expect(o.status, s.id).toBe(200);
          if (first.get(s.id) !== o.ics) rewritten++;
        }
        expect(rewritten).toBeGreaterThan(0);
        // sessions the replan dropped are gone from the server too
        for (const id of first.keys()) if (!after.some((s) => s.id === id)) expect((await objectOf(id)).status).toBe(404);
      } finally {
        await d.dispose();
      }
    },
  },
];
