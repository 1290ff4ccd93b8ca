/**
 * Calendar push on both runtimes: a runner connects Google Calendar through the app's OAuth flow
 * (Google's token endpoint and Calendar v3 REST API answered by msw, inside the Worker on
 * Workers), the sync job writes the plan into a dedicated calendar, and a replan moves it.
 */
import { expect } from 'vitest';
import { GOOGLE_ENV, createGoogleFake } from '../msw/google';
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
];
