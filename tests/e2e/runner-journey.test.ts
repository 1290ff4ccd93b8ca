/**
 * One runner's journey through the whole product, end to end on the real app, job runner and
 * SQLite, with Strava simulated by msw: connect → an interval session arrives by webhook → the
 * day is hard → a strength session appears in the private ICS feed → the run is deleted on
 * Strava → the day is no longer hard and the feed changes.
 */
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../calendar/ical-parse';
import { intervalRun } from '../scenarios/strava';
import { ATHLETE_ID, connectThroughApp, event, postEvent, runFor, stravaTestSuite } from '../strava/helpers';

const { make } = stravaTestSuite();

const RUN_ID = 16_200_000_001;

describe('a runner from Strava webhook to calendar', () => {
  it('turns an interval run into a hard day and a strength session in the feed, and undoes it when the run is deleted', async () => {
    const { rt, sim } = await make({ STRAVA_FETCH_DELAY_MS: '1000' });
    const { cookie } = await connectThroughApp({ rt, sim });
    expect(cookie).not.toBe('');
    await runFor(rt, 10_000);
    const json = { cookie, 'content-type': 'application/json' };
    const settings = await rt.request('/api/me/settings', { method: 'PUT', headers: json, body: JSON.stringify({ timeZone: 'Europe/Berlin', sex: 'f', hrMaxBpm: 190, hrRestBpm: 50, equipment: ['bodyweight', 'dumbbells'] }) });
    expect(settings.status).toBe(200);
    const { url: feedUrl } = (await (await rt.request('/api/me/calendar-feed', { headers: { cookie } })).json()) as { url: string };
    const feedPath = new URL(feedUrl).pathname;

    // 07:00 in Berlin on Friday 2026-11-20 (the clock says 13:00 there): 6 × 800 m intervals.
    sim.putActivity(ATHLETE_ID, intervalRun(RUN_ID));
    expect((await postEvent(rt, event({ object_id: RUN_ID, event_time: 1_763_621_000 }))).status).toBe(200);
    await runFor(rt, 30_000);

    const day = async () => {
      const res = (await (await rt.request('/api/me/days?from=2026-11-20&to=2026-11-20', { headers: { cookie } })).json()) as { days: Array<{ class: string; evidence: string[]; activities: Array<{ id: string }> }> };
      return res.days[0];
    };
    const hard = await day();
    expect(hard?.class).toBe('hard');
    expect(hard?.activities.map((a) => a.id)).toEqual([String(RUN_ID)]);
    expect(hard?.evidence.join(' ')).toMatch(/workout|threshold/);

    const plan = (await (await rt.request('/api/me/plan?from=2026-11-20&to=2026-12-03', { headers: { cookie } })).json()) as { sessions: Array<{ id: string; date: string; start: string; rules: string[] }> };
    expect(plan.sessions.length).toBeGreaterThan(0);
    // nothing is planned in the past: the first session starts after "now" (13:00 in Berlin)
    expect(Date.parse(plan.sessions[0]!.start)).toBeGreaterThan(rt.clock.now());

    const feed = await rt.request(feedPath);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
    const etag = feed.headers.get('etag');
    const events = parseIcs(await feed.text()).events;
    expect(events.map((e) => e.uid).sort()).toEqual(plan.sessions.map((s) => `${s.id}@hardday`).sort());
    expect(events.every((e) => e.tzid === 'Europe/Berlin' && !e.floating)).toBe(true);

    // The runner deletes the activity on Strava.
    sim.removeActivity(RUN_ID);
    expect((await postEvent(rt, event({ object_id: RUN_ID, aspect_type: 'delete', event_time: 1_763_650_000 }))).status).toBe(200);
    await runFor(rt, 30_000);

    expect((await day())?.class).toBe('off');
    const after = await rt.request(feedPath, { headers: { 'if-none-match': etag ?? '' } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });
});
