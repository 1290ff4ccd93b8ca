/** A coach reads the athlete's session times on the athlete's clock, and it says so. */
import { afterEach, describe, expect, it } from 'vitest';
import { acceptInvitation, createInvitation } from '../../src/account/invitations';
import { upsertActivity } from '../../src/db/repositories/activities';
import { replanAthlete } from '../../src/planning/replan';
import { berlinActivity } from '../helpers/activities';
import { makeTestRuntime, manualClock, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

describe('session times on the coach athlete page', () => {
  it('carry the athlete time zone for the coach, and stay plain for the runner', async () => {
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
    const runner = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    const coach = await signedInUser(rt, { timeZone: 'Europe/London' });
    for (let w = 0; w < 6; w++) {
      const day = (offset: number) => new Date(Date.parse('2026-11-21T00:00:00Z') - (w * 7 + offset) * 86_400_000).toISOString().slice(0, 10);
      await upsertActivity(rt.deps.db, runner.user.id, berlinActivity(day(4), { id: `i${w}`, name: 'Intervals 6x800', minutes: 55, km: 10, hr: 162, time: '18:00:00' }), 0);
      await upsertActivity(rt.deps.db, runner.user.id, berlinActivity(day(0), { id: `l${w}`, name: 'Long run', minutes: 110, km: 21, hr: 145 }), 0);
    }
    await replanAthlete(rt.deps, runner.user.id);
    await acceptInvitation(rt.deps, (await createInvitation(rt.deps, coach.user.id, 'athlete')).code, runner.user.id);

    const coachView = await (await rt.request(`/coach/athletes/${runner.user.id}`, { headers: { cookie: coach.cookie, accept: 'text/html' } })).text();
    // each session's line: the day, then the time on the athlete's clock (the reasons stay as the runner reads them)
    const lines = [...coachView.matchAll(/<article class="session"[^>]*><header><h3>[^<]*<\/h3><small>([^<]*)<\/small>/g)].map((m) => m[1] ?? '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/ (at \d\d:\d\d \(Europe\/Berlin time\)|after the run) · /);

    const runnerView = await (await rt.request('/plan', { headers: { cookie: runner.cookie, accept: 'text/html' } })).text();
    expect(runnerView).toMatch(/<small>[^<]* at \d\d:\d\d · /);
    expect(runnerView).not.toContain('Europe/Berlin time');
  });
});

describe('a coach account', () => {
  it('starts from the roster, with Coaching first in the menu; a runner starts as before', async () => {
    rt = await makeTestRuntime();
    const coach = await signedInUser(rt, { role: 'coach' });
    const home = await rt.request('/', { headers: { cookie: coach.cookie, accept: 'text/html' } });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/coach');
    const roster = await (await rt.request('/coach', { headers: { cookie: coach.cookie, accept: 'text/html' } })).text();
    const menu = [...(/<ul class="menu">([\s\S]*?)<\/ul>/.exec(roster)?.[1] ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(menu).toEqual(['/coach', '/plan', '/history', '/settings', '/privacy']);

    const runner = await signedInUser(rt);
    expect((await rt.request('/', { headers: { cookie: runner.cookie, accept: 'text/html' } })).headers.get('location')).toBe('/start');
    const plan = await (await rt.request('/plan', { headers: { cookie: runner.cookie, accept: 'text/html' } })).text();
    expect([...(/<ul class="menu">([\s\S]*?)<\/ul>/.exec(plan)?.[1] ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/plan', '/history', '/coach', '/settings', '/privacy']);
  });
});
