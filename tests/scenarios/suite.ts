/**
 * The integration scenarios, written once over the `Driver` and run on both runtimes:
 * tests/scenarios/node.test.ts (Node + SQLite) and tests/workers/scenarios.test.ts (workerd + D1 +
 * Queues + Cron Triggers). Add a scenario here and both runtimes run it.
 */
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../calendar/ical-parse';
import { createStravaSim, type StravaSim, stravaHandlers } from '../msw/strava';
import { accountScenarios } from './account';
import { calendarScenarios } from './calendar';
import { pageScenarios } from './pages';
import { dayOf, putSettings } from './runner';
import { uploadScenarios } from './upload';
import { type Driver, manualClock, runFor, SCENARIO_ENV, type Scenario, type ScenarioKit } from './driver';
import { ATHLETE_ID, connectStrava, intervalRun, postStravaEvent, stravaEvent, VERIFY_TOKEN } from './strava';

async function stravaTestbed(kit: ScenarioKit, env: Record<string, string> = {}): Promise<{ d: Driver; sim: StravaSim }> {
  const clock = manualClock('2026-11-20T12:00:00Z');
  const sim = createStravaSim({ now: () => clock.now(), clientId: SCENARIO_ENV.STRAVA_CLIENT_ID, clientSecret: SCENARIO_ENV.STRAVA_CLIENT_SECRET });
  kit.useHandlers(...stravaHandlers(sim));
  return { d: await kit.makeDriver({ env, clock }), sim };
}

export const scenarios: Scenario[] = [
  {
    name: 'answers the Strava webhook handshake only with the verify token',
    async run(kit) {
      const { d } = await stravaTestbed(kit);
      try {
        const ok = await d.request(`/webhooks/strava?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3`);
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({ 'hub.challenge': '15f7d1a91c1f40f8a748fd134752feb3' });
        const wrong = await d.request('/webhooks/strava?hub.mode=subscribe&hub.verify_token=not-the-token&hub.challenge=abc');
        expect(wrong.status).toBe(403);
      } finally {
        await d.dispose();
      }
    },
  },
  {
    name: 'turns a webhook event into an activity, a hard day, a plan and sessions in the ICS feed',
    async run(kit) {
      const { d, sim } = await stravaTestbed(kit);
      try {
        const cookie = await connectStrava(d, sim);
        expect(cookie).not.toBe('');
        await runFor(d, 10_000);
        await putSettings(d, cookie);
        const feedInfo = (await (await d.request('/api/me/calendar-feed', { headers: { cookie } })).json()) as { url: string };
        const feedPath = new URL(feedInfo.url).pathname;

        const runId = 16_200_000_001;
        sim.putActivity(ATHLETE_ID, intervalRun(runId));
        const accepted = await postStravaEvent(d, stravaEvent({ object_id: runId, event_time: 1_763_621_000 }));
        expect(accepted.status).toBe(200);
        // The activity fetch is debounced (STRAVA_FETCH_DELAY_MS) and the replan after it too.
        await runFor(d, 30_000);

        const day = await dayOf(d, cookie, '2026-11-20');
        expect(day?.class).toBe('hard');
        expect(day?.activities.map((a) => a.id)).toEqual([String(runId)]);

        const plan = (await (await d.request('/api/me/plan?from=2026-11-20&to=2026-12-03', { headers: { cookie } })).json()) as { sessions: Array<{ id: string; start: string }> };
        expect(plan.sessions.length).toBeGreaterThan(0);
        expect(Date.parse(plan.sessions[0]!.start)).toBeGreaterThan(d.clock.now() - 60_000);

        const feed = await d.request(feedPath);
        expect(feed.status).toBe(200);
        expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
        const events = parseIcs(await feed.text()).events;
        expect(events.map((e) => e.uid).sort()).toEqual(plan.sessions.map((s) => `${s.id}@hardday`).sort());
        expect(events.every((e) => e.tzid === 'Europe/Berlin')).toBe(true);
      } finally {
        await d.dispose();
      }
    },
  },
  {
    name: 'repairs a missed event when the reconciliation cron fires',
    async run(kit) {
      const { d, sim } = await stravaTestbed(kit);
      try {
        const cookie = await connectStrava(d, sim);
        await runFor(d, 10_000);
        await putSettings(d, cookie);
        await runFor(d, 10_000);
        expect((await dayOf(d, cookie, '2026-11-20'))?.class).toBe('off');

        // The run reaches Strava but its webhook event never reaches us.
        const runId = 16_200_000_002;
        sim.putActivity(ATHLETE_ID, intervalRun(runId));
        await runFor(d, 10_000);
        expect((await dayOf(d, cookie, '2026-11-20'))?.class).toBe('off');

        // The 4-hourly reconciliation ('23 */4 * * *') is next due at 12:23 UTC.
        await d.runScheduleUntil(Date.parse('2026-11-20T12:25:00Z'));
        await runFor(d, 30_000);
        const day = await dayOf(d, cookie, '2026-11-20');
        expect(day?.class).toBe('hard');
        expect(day?.activities.map((a) => a.id)).toEqual([String(runId)]);
        expect(sim.calls.some((c) => c.method === 'GET' && /\/athlete\/activities/.test(c.path))).toBe(true);
      } finally {
        await d.dispose();
      }
    },
  },
  ...accountScenarios,
  ...pageScenarios,
  ...calendarScenarios,
  ...uploadScenarios,
];

/** Register every scenario as a test of the calling file's runtime. */
export function defineScenarioSuite(runtime: 'node' | 'workers', kit: () => ScenarioKit): void {
  describe(`integration scenarios on ${runtime}`, () => {
    for (const scenario of scenarios) it(scenario.name, () => scenario.run(kit()));
  });
}
