/**
 * The server-rendered pages on both runtimes: password sign-in through the HTML form, then the
 * plan, history, settings, coach roster and coach athlete pages (content, CSP, status), and the
 * static files under /assets with their content types.
 */
import { expect } from 'vitest';
import { FLASH_COOKIE } from '../../src/pages/flash';
import { CSP } from '../../src/pages/render';
import { manualClock, runFor, type Scenario } from './driver';
import { myId, PASSWORD, planOf, postForm, postJson, putSettings, signUp } from './runner';
import { cookieSet } from './strava';

async function page(d: Parameters<typeof myId>[0], path: string, cookie?: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await d.request(path, { headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

function expectPage(p: { status: number; headers: Headers }, status = 200): void {
  expect(p.status).toBe(status);
  expect(p.headers.get('content-type')).toMatch(/^text\/html/);
  expect(p.headers.get('content-security-policy')).toBe(CSP);
  expect(p.headers.get('x-content-type-options')).toBe('nosniff');
}

export const pageScenarios: Scenario[] = [
  {
    name: 'pages: a runner signs in through the form and reads the plan, history and settings pages',
    async run(kit) {
      const d = await kit.makeDriver({ clock: manualClock('2026-11-20T12:00:00Z') });
      try {
        await signUp(d, 'rita@example.com', { displayName: 'Rita Runner' });
        // a signed-out visitor gets the sign-in form with an honest 401
        const anon = await page(d, '/plan');
        expectPage(anon, 401);
        expect(anon.html).toContain('name="password"');

        const wrong = await postForm(d, '/login', { email: 'rita@example.com', password: 'not the password' });
        expect(wrong.status).toBe(401);
        expect(cookieSet(wrong, 'hardday_session')).toBeUndefined();
        const login = await postForm(d, '/login', { email: 'rita@example.com', password: PASSWORD, next: '/plan' });
        expect(login.status).toBe(303);
        expect(login.headers.get('location')).toBe('/plan');
        const cookie = cookieSet(login, 'hardday_session') ?? '';
        expect(cookie).not.toBe('');

        await putSettings(d, cookie);
        await runFor(d, 10_000);
        const sessions = await planOf(d, cookie, '2026-11-20', '2026-12-03');
        expect(sessions.length).toBeGreaterThan(0);

        const plan = await page(d, '/plan', cookie);
        expectPage(plan);
        expect(plan.html).toContain('<title>Your plan');
        expect(plan.html).not.toContain('id="no-sessions"');
        // every planned session of the next 14 days is on the page, as its own card
        for (const s of sessions) expect(plan.html).toContain(`<article class="session" id="${s.id}"`);
        // scripts and styles only from /assets (the CSP allows 'self' and nothing inline)
        expect(plan.html).toMatch(/<script[^>]+src="\/assets\/htmx\.min\.js/);
        expect(plan.html).toMatch(/<link[^>]+href="\/assets\/pico\.min\.css/);

        const history = await page(d, '/history', cookie);
        expectPage(history);
        expect(history.html).toContain('id="history-days"');

        const settings = await page(d, '/settings', cookie);
        expectPage(settings);
        expect(settings.html).toContain('id="settings-form"');
        expect(settings.html).toMatch(/id="tz"[^>]*value="Europe\/Berlin"|value="Europe\/Berlin"[^>]*id="tz"/);

        // a goal race added through the settings page's plain form (the form bridge, no JavaScript)
        const race = await postForm(d, '/form/api/me/races?_next=%2Fsettings', { date: '2027-04-11', 'distanceM:number': '42195', terrain: 'road', priority: 'A', 'name:opt': 'Spring marathon' }, cookie);
        expect(race.status).toBe(303);
        expect(race.headers.get('location')).toBe('/settings#flash');
        const races = (await (await d.request('/api/me/races', { headers: { cookie } })).json()) as { races: Array<{ date: string; name?: string }> };
        expect(races.races).toEqual([expect.objectContaining({ date: '2027-04-11', name: 'Spring marathon' })]);
        const flash = cookieSet(race, FLASH_COOKIE) ?? '';
        expect((await page(d, '/settings', `${cookie}; ${flash}`)).html).toContain('Race added');
      } finally {
        await d.dispose();
      }
    },
  },
  {
    name: 'pages: a coach signs in through the form and reads the roster and the athlete page; a stranger gets 404',
    async run(kit) {
      const d = await kit.makeDriver({ clock: manualClock('2026-11-20T12:00:00Z') });
      try {
        const runnerCookie = await signUp(d, 'rita@example.com', { displayName: 'Rita Runner' });
        const runnerId = await myId(d, runnerCookie);
        await putSettings(d, runnerCookie);
        const invite = await postJson(d, '/api/me/invites', { kind: 'coach' }, runnerCookie);
        expect(invite.status).toBe(201);
        const { code } = (await invite.json()) as { code: string };
        await signUp(d, 'carl@example.com', { invite: code, displayName: 'Carl Coach' });
        await runFor(d, 10_000);

        const login = await postForm(d, '/login', { email: 'carl@example.com', password: PASSWORD });
        expect(login.status).toBe(303);
        const coachCookie = cookieSet(login, 'hardday_session') ?? '';
        expect((await postJson(d, `/api/invites/${code}/accept`, {}, coachCookie)).status).toBe(201);

        const roster = await page(d, '/coach', coachCookie);
        expectPage(roster);
        expect(roster.html).toContain('id="roster"');
        expect(roster.html).toContain(`href="/coach/athletes/${runnerId}"`);
        expect(roster.html).toContain('Rita Runner');

        const athlete = await page(d, `/coach/athletes/${runnerId}`, coachCookie);
        expectPage(athlete);
        expect(athlete.html).toContain('<title>Rita Runner');

        // the runner is no athlete of hers: the page says nothing about them
        const other = await page(d, `/coach/athletes/${await myId(d, coachCookie)}`, runnerCookie);
        expectPage(other, 404);
        expect(other.html).not.toContain('Carl Coach');
      } finally {
        await d.dispose();
      }
    },
  },
  {
    name: 'pages: /assets serves the scripts and styles with their content types, and 404 for anything else',
    async run(kit) {
      const d = await kit.makeDriver({ clock: manualClock() });
      try {
        for (const [name, type] of [
          ['app.css', /^text\/css/],
          ['pico.min.css', /^text\/css/],
          ['app.js', /javascript/],
          ['htmx.min.js', /javascript/],
        ] as const) {
          const res = await d.request(`/assets/${name}`);
          expect(res.status, name).toBe(200);
          expect(res.headers.get('content-type'), name).toMatch(type);
          expect((await res.arrayBuffer()).byteLength, name).toBeGreaterThan(100);
        }
        const htmx = await (await d.request('/assets/htmx.min.js')).text();
        expect(htmx).toContain('htmx');
        expect((await d.request('/assets/nope.js')).status).toBe(404);
        expect((await d.request('/assets/..%2Fwrangler.toml')).status).toBe(404);
      } finally {
        await d.dispose();
      }
    },
  },
];
