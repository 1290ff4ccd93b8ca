/**
 * What a new user's black-box review of the pages found, through the real app: a form mistake
 * comes back to the form's page in plain words (not on to `_next`), every bridged form carries
 * `_next` and `_back`, sign-up on an invitation-only server says so before the form, Mark done /
 * Skipped confirm, the site icon, the Start page's "Strava not set up" wording; and in Chromium:
 * CalDAV "Test connection" shows why it failed (htmx swaps the 422), and the History chart's
 * time axis shows dates, not hours.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createInvitation, acceptInvitation } from '../../src/account/invitations';
import { upsertActivity } from '../../src/db/repositories/activities';
import { FLASH_COOKIE } from '../../src/pages/flash';
import { berlinActivity } from '../helpers/activities';
import { launchChromium } from '../helpers/browser';
import { makeTestRuntime, manualClock, signedInUser, type TestRuntime } from '../helpers/runtime';
import { checkPage, type ServedApp, serveRuntime, signInPage } from './harness';

const FIT = '/work/shared/fixtures/fit/garmin-fenix-5-run.fit';
const ORIGIN = 'http://hardday.test';
const flashCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${FLASH_COOKIE}=`))?.split(';')[0] ?? '';
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x2F;/g, '/').replace(/&#47;/g, '/').replace(/&#35;/g, '#');

/** `<form …>` opening tags of a page, with their action. */
function formsOf(html: string): Array<{ tag: string; id: string | undefined; action: string }> {
  return [...html.matchAll(/<form\b[^>]*>/g)].map((m) => ({ tag: m[0], id: /\bid="([^"]*)"/.exec(m[0])?.[1], action: decode(/\baction="([^"]*)"/.exec(m[0])?.[1] ?? '') }));
}

function actionOf(html: string, id: string): string {
  const form = formsOf(html).find((f) => f.id === id);
  if (!form) throw new Error(`no form #${id}`);
  return form.action;
}

describe('the pages after the new-user review (through app.request)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  const get = (path: string, cookie?: string) => rt.request(path, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
  const post = (path: string, cookie: string, fields: Array<[string, string]>) =>
    rt.request(path, { method: 'POST', headers: { origin: ORIGIN, accept: 'text/html', cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  /** The page a redirect lands on, with the flash it set. */
  const landing = async (res: Response, cookie: string) => (await get(res.headers.get('location') ?? '/', `${cookie}; ${flashCookie(res)}`)).text();
  const startFields = (tz: string, hrMax = ''): Array<[string, string]> => [
    ['timeZone', tz],
    ['hrMaxBpm:number', hrMax],
    ['hrRestBpm:number', ''],
    ['experience', 'regular'],
    ['equipment:list', ''],
    ['equipment:list', 'bodyweight'],
    ['preferredStrengthTime:nullable', ''],
  ];

  it('a mistake on the Start form comes back to the Start page with the error in plain words; success goes on to the plan', async () => {
    const { cookie } = await signedInUser(rt);
    const action = actionOf(await (await get('/start', cookie)).text(), 'onboarding');

    const badZone = await post(action, cookie, startFields('Europe/Berln'));
    expect(badZone.status).toBe(303);
    expect(badZone.headers.get('location')).toBe('/start#flash');
    const zoneHtml = await landing(badZone, cookie);
    expect(zoneHtml).toMatch(/id="flash"[^>]*role="alert"/);
    expect(zoneHtml).toContain('Time zone must be an IANA time zone such as Europe/Berlin.');
    expect(zoneHtml).toContain('id="onboarding"');
    // what was typed is still there, not the saved value
    expect(zoneHtml).toMatch(/<input type="text" name="timeZone" id="tz" value="Europe\/Berln"/);

    const badHr = await post(action, cookie, startFields('Europe/Berlin', '300'));
    expect(badHr.headers.get('location')).toBe('/start#flash');
    const hrHtml = await landing(badHr, cookie);
    const flash = /<div[^>]*id="flash"[^>]*>([\s\S]*?)<\/div>/.exec(hrHtml)?.[1];
    expect(flash).toBe('<p>Max heart rate must be at most 250.</p>');
    expect(hrHtml).toMatch(/name="hrMaxBpm:number" min="30" max="250" value="300"/);

    const ok = await post(action, cookie, startFields('Europe/Berlin', '190'));
    expect(ok.headers.get('location')).toBe('/plan#flash');
    expect(await landing(ok, cookie)).toContain('Settings saved');
  });

  it('a mistake on the Settings form stays on Settings, in plain words, naming the other field too', async () => {
    const { cookie } = await signedInUser(rt);
    const action = actionOf(await (await get('/settings', cookie)).text(), 'settings-form');
    const res = await post(action, cookie, [
      ['timeZone', 'Europe/Berlin'],
      ['hrMaxBpm:number', '180'],
      ['hrRestBpm:number', '185'],
    ]);
    expect(res.headers.get('location')).toBe('/settings#flash');
    const html = await landing(res, cookie);
    expect(/<div[^>]*id="flash"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1]).toBe('<p>Resting heart rate must be below max heart rate.</p>');
    expect(html).toContain('id="settings-form"');
    expect(html).toMatch(/name="hrRestBpm:number" min="30" max="250" value="185"/);
    // shown once: the page after that shows the saved values again
    const again = await (await get('/settings', cookie)).text();
    expect(again).toMatch(/name="hrRestBpm:number" min="30" max="250" value=""/);
  });

  it('CalDAV "Test connection" to an address this server will not call says why, as "Add calendar" does', async () => {
    const { cookie } = await signedInUser(rt);
    const res = await post('/settings/calendars/test', cookie, [
      ['url', 'http://127.0.0.1:9/'],
      ['username', 'u'],
      ['password', 'p'],
    ]);
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/<span role="alert">[^<]*must not point to a local or private network address[^<]*OUTBOUND_ALLOW_PRIVATE=true[^<]*<\/span>/);
  });

  it('a password is never kept for the form after an error', async () => {
    const { cookie } = await signedInUser(rt);
    const action = actionOf(await (await get('/settings', cookie)).text(), 'password-form');
    const res = await post(action, cookie, [
      ['email', 'not-an-email'],
      ['password', 'my secret password 123'],
    ]);
    expect(res.headers.get('location')).toBe('/settings#flash');
    const sealed = decodeURIComponent(flashCookie(res).slice(FLASH_COOKIE.length + 1));
    const flash = JSON.parse(await rt.deps.secrets.decrypt(sealed)) as { ok: boolean; fields?: unknown };
    expect(flash.ok).toBe(false);
    expect(flash.fields).toBeUndefined();
    expect(JSON.stringify(flash)).not.toContain('my secret password');
    const html = await landing(res, cookie);
    expect(html).toMatch(/name="password" autocomplete="new-password" minlength="10" required=""\/>/);
    expect(html).not.toContain('my secret password');
  });

  it('every bridged form on every page carries a same-site _next and _back (a deleted import lands back on Data & privacy with a message)', async () => {
    const runner = await signedInUser(rt);
    const coach = await signedInUser(rt);
    const json = (cookie: string, path: string, body: unknown, method = 'POST') => rt.request(path, { method, headers: { origin: ORIGIN, cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // everything that puts a form on a page: a race, a token, invitations both ways, a coach, an imported file
    expect((await json(runner.cookie, '/api/me/races', { date: '2027-04-10', distanceM: 42195, terrain: 'road', priority: 'A' })).status).toBe(201);
    expect((await json(runner.cookie, '/api/me/api-tokens', { name: 'watch' })).status).toBeLessThan(300);
    await createInvitation(rt.deps, runner.user.id, 'coach');
    await createInvitation(rt.deps, coach.user.id, 'athlete');
    await acceptInvitation(rt.deps, (await createInvitation(rt.deps, coach.user.id, 'athlete')).code, runner.user.id);
    const upload = new FormData();
    upload.append('files', new Blob([readFileSync(FIT)]), 'run.fit');
    const uploaded = await rt.request('/api/me/uploads', { method: 'POST', headers: { origin: ORIGIN, cookie: runner.cookie, accept: 'application/json' }, body: upload });
    expect(((await uploaded.json()) as { imported: number }).imported).toBe(1);

    const pages: Array<[string, string]> = [
      ...['/start', '/plan', '/history', '/settings', '/privacy'].map((p): [string, string] => [p, runner.cookie]),
      ['/coach', coach.cookie],
      [`/coach/athletes/${runner.user.id}`, coach.cookie],
    ];
    const bridged: string[] = [];
    for (const [path, cookie] of pages) {
      const res = await get(path, cookie);
      expect(res.status, path).toBe(200);
      for (const form of formsOf(await res.text())) {
        if (!form.action.startsWith('/form/')) continue;
        const query = new URL(form.action, ORIGIN).searchParams;
        bridged.push(`${path} ${form.action}`);
        expect(query.get('_next'), `${path}: ${form.tag} has no _next`).toMatch(/^\/(?![/\\])/);
        expect(query.get('_back'), `${path}: ${form.tag} has no _back`).toMatch(/^\/(?![/\\])/);
      }
    }
    // the scan saw the forms that only show with data: the import's delete, races, tokens, coaches, the roster's
    for (const expected of [/^\/privacy \/form\/api\/me\/imports\//, /^\/settings \/form\/api\/me\/races\/[^?]+\?_method=DELETE/, /^\/settings \/form\/api\/me\/api-tokens\//, /^\/settings \/form\/api\/me\/coaches\//, /^\/coach \/form\/api\/me\/invites\//, /^\/coach\/athletes\/\S+ \/form\/api\/coach\/athletes\//]) {
      expect(bridged.some((b) => expected.test(b)), String(expected)).toBe(true);
    }

    // deleting the imported file: back on Data & privacy, with what happened
    const privacy = await (await get('/privacy', runner.cookie)).text();
    const del = formsOf(privacy).find((f) => f.action.startsWith('/form/api/me/imports/'));
    const res = await post(del?.action ?? '', runner.cookie, []);
    expect(res.headers.get('location')).toBe('/privacy#flash');
    const after = await landing(res, runner.cookie);
    expect(after).toMatch(/Imported file and its run deleted/);
    expect(after).toContain('No runs imported from files.');
  });

  it('on an invitation-only server, /signup explains instead of showing a form that can only fail, and no page offers "Sign up"', async () => {
    await signedInUser(rt); // not a fresh install any more
    const signup = await get('/signup');
    expect(signup.status).toBe(403);
    const html = await signup.text();
    expect(html).toContain('id="signup-invite-only"');
    expect(html).toMatch(/need an invitation/);
    expect(html).not.toContain('id="signup-form"');
    for (const path of ['/signup', '/login', '/', '/settings']) {
      const page = await (await get(path)).text();
      expect(page, path).not.toContain('href="/signup"');
    }
    expect(await (await get('/login')).text()).toMatch(/needs an invitation link/);
    // a dead link says so
    const dead = await (await get('/signup?invite=not-a-real-code')).text();
    expect(dead).toMatch(/used, revoked or has expired/);
    expect(dead).not.toContain('id="signup-form"');

    // with a live invitation link it works as before
    const inviter = await signedInUser(rt);
    const { code } = await createInvitation(rt.deps, inviter.user.id, 'athlete');
    const invited = await get(`/signup?invite=${encodeURIComponent(code)}`);
    expect(invited.status).toBe(200);
    const form = await invited.text();
    expect(form).toContain('id="signup-form"');
    expect(form).toContain(`name="invite" value="${code}"`);
  });

  it('with SIGNUP=open (or a fresh install) the sign-up form and the link are there as before', async () => {
    const open = await makeTestRuntime({ env: { SIGNUP: 'open' } });
    try {
      await signedInUser(open);
      const res = await open.request('/signup', { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('id="signup-form"');
      expect(html).toContain('href="/signup"');
    } finally {
      await open.dispose();
    }
    const fresh = await makeTestRuntime();
    try {
      const html = await (await fresh.request('/signup', { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('id="signup-form"');
      expect(html).toContain('href="/signup"');
    } finally {
      await fresh.dispose();
    }
  });

  it('Mark done and Skipped confirm with a message, like the other forms', async () => {
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await rt.request('/api/me/settings', { method: 'PUT', headers: { origin: ORIGIN, cookie, 'content-type': 'application/json' }, body: JSON.stringify({ hrMaxBpm: 190, hrRestBpm: 50, equipment: ['bodyweight', 'dumbbells'] }) });
    for (const [date, name, minutes, km, hr] of [
      ['2026-11-17', 'Intervals', 55, 10, 165],
      ['2026-11-19', 'Easy', 45, 8, 135],
      ['2026-11-21', 'Long run', 110, 21, 148],
    ] as const) {
      await upsertActivity(rt.deps.db, user.id, berlinActivity(date, { name, minutes, km, hr }), 0);
    }
    rt.clock.advance(10_000);
    await rt.runner.drain();
    const plan = (await (await rt.request('/api/me/plan', { headers: { cookie } })).json()) as { sessions: Array<{ id: string; date: string }> };
    const [first, second] = plan.sessions;
    expect(second).toBeDefined();

    const done = await post(`/plan/${encodeURIComponent(first?.id ?? '')}/log`, cookie, [['status', 'done'], ['effort', '6']]);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/plan#flash');
    const doneHtml = await landing(done, cookie);
    expect(doneHtml).toMatch(/id="flash"[^>]*role="status"/);
    expect(doneHtml).toMatch(new RegExp(`Session of \\w{3} ${first?.date} marked done \\(effort 6/10\\)`));

    const skipped = await post(`/plan/${encodeURIComponent(second?.id ?? '')}/log`, cookie, [['status', 'skipped'], ['effort', '']]);
    expect(await landing(skipped, cookie)).toMatch(new RegExp(`Session of \\w{3} ${second?.date} marked skipped`));
  });

  it('serves a site icon that every page links (so browsers do not ask for /favicon.ico and log a 404)', async () => {
    const svg = await rt.request('/assets/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const ico = await rt.request('/favicon.ico');
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/assets/favicon.svg');
    const { cookie } = await signedInUser(rt);
    for (const [path, who] of [['/', undefined], ['/login', undefined], ['/signup', undefined], ['/start', cookie], ['/settings', cookie]] as const) {
      expect(await (await get(path, who)).text(), path).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"/>');
    }
  });

  it('the Start page tells a runner that Strava is not set up here and to upload files; the env names only in a small note for the admin', async () => {
    const { cookie } = await signedInUser(rt);
    const html = await (await get('/start', cookie)).text();
    const note = /<div id="strava-not-set-up">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(note).toMatch(/Strava is not set up on this server/);
    expect(note).toMatch(/[Uu]pload your activity files/);
    expect(note).toMatch(/<small>For the server&#39;s admin: set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET\.<\/small>/);
    // the variable names appear nowhere else
    expect(html.replace(/<small>[^<]*<\/small>/g, '')).not.toContain('STRAVA_CLIENT_ID');
  });
});

describe('the pages after the new-user review, in Chromium', () => {
  let browser: Browser;
  let app: ServedApp;
  let unauthorized: Server;
  let closedPort: number;
  const RUNNER = { email: 'nora@example.com', password: 'correct horse battery' };

  beforeAll(async () => {
    browser = await launchChromium();
    app = await serveRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
    // a CalDAV server that refuses every login
    unauthorized = createServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="dav"', 'content-type': 'text/plain' });
      res.end('unauthorized');
    });
    await new Promise<void>((resolve) => unauthorized.listen(0, '127.0.0.1', resolve));
    // a port nobody listens on
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (unauthorized ? unauthorized.close(() => resolve()) : resolve()));
    await app?.stop();
    await browser?.close();
  });

  it('CalDAV "Test connection" shows why it failed (an unreachable server, a refused login), with no console error', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await ctx.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url}`);
    });
    await page.goto(`${app.url}/signup`);
    await page.fill('input[name=email]', RUNNER.email);
    await page.fill('input[name=password]', RUNNER.password);
    await page.click('#signup-form button[type=submit]');
    await page.waitForURL(`${app.url}/start`);

    await page.goto(`${app.url}/settings#calendars`);
    await page.fill('#caldav-form input[name=url]', `http://127.0.0.1:${closedPort}/dav/`);
    await page.fill('#caldav-form input[name=username]', 'nora');
    await page.fill('#caldav-form input[name=password]', 'app-password');
    await page.click('#caldav-test-button');
    await page.waitForSelector('#caldav-test [role=alert]');
    expect(await page.locator('#caldav-test').textContent()).toMatch(/Could not log in to a CalDAV server at this URL/);
    // the CSP stays on in this context (axe needs it off: checked on the other pages)
    await checkPage(page, 'caldav-test-failed', { axe: false });

    await page.fill('#caldav-form input[name=url]', `http://127.0.0.1:${(unauthorized.address() as AddressInfo).port}/dav/`);
    await page.click('#caldav-test-button');
    await page.waitForFunction(() => /refused this username/.test(document.querySelector('#caldav-test')?.textContent ?? ''));
    expect(await page.locator('#caldav-test [role=alert]').textContent()).toMatch(/The server refused this username and password/);
    // the typed values are still in the form
    expect(await page.locator('#caldav-form input[name=username]').inputValue()).toBe('nora');
    // Chromium logs every 4xx answer; the test's own 422s are expected, nothing else (no favicon 404, no CSP refusal)
    expect(consoleErrors.filter((e) => !/status of 422 .*\/settings\/calendars\/test$/.test(e))).toEqual([]);
    expect(consoleErrors.length).toBe(2);
    await ctx.close();
  }, 60_000);

  it('the new states look right at 360 and 1280 px and pass axe: invitation-only sign-up, Start without Strava, a settings error with what was typed', async () => {
    const anon = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const anonPage = await anon.newPage();
    expect((await anonPage.goto(`${app.url}/signup`))?.status()).toBe(403);
    expect(await anonPage.locator('#signup-invite-only').textContent()).toMatch(/need an invitation/);
    expect(await anonPage.locator('a[href="/signup"]').count()).toBe(0);
    await checkPage(anonPage, 'signup-invite-only');
    await anon.close();

    const { ctx, page } = await signInPage(browser, app.url, RUNNER, { bypassCSP: true });
    await page.goto(`${app.url}/start`);
    expect(await page.locator('#strava-not-set-up').textContent()).toMatch(/not set up on this server/);
    // the upload it points to is open, not folded away
    expect(await page.locator('#upload-form input[type=file]').isVisible()).toBe(true);
    await checkPage(page, 'start-strava-not-set-up');

    await page.goto(`${app.url}/settings`);
    await page.fill('#tz', 'Europe/Berln');
    await page.fill('input[name="hrMaxBpm:number"]', '186');
    await page.click('#settings-form button[type=submit]');
    await page.waitForURL(`${app.url}/settings#flash`);
    expect(await page.locator('#flash[role=alert]').textContent()).toBe('Time zone must be an IANA time zone such as Europe/Berlin.');
    expect(await page.locator('#tz').inputValue()).toBe('Europe/Berln');
    expect(await page.locator('input[name="hrMaxBpm:number"]').inputValue()).toBe('186');
    await checkPage(page, 'settings-error-kept');
    await ctx.close();
  }, 60_000);

  it('the History chart labels its time axis with dates, never hours, even for a few days of data', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    // record what is drawn on the chart's canvas (uPlot draws the axis labels with fillText)
    await ctx.addInitScript(() => {
      const drawn: string[] = [];
      (window as unknown as { drawnTexts: string[] }).drawnTexts = drawn;
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
        drawn.push(String(text));
        return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
      };
    });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${app.url}/login`);
    await page.fill('input[name=email]', RUNNER.email);
    await page.fill('input[name=password]', RUNNER.password);
    await page.click('#login-form button[type=submit]');
    await page.waitForURL((u) => u.pathname !== '/login');
    const me = (await (await page.request.get(`${app.url}/api/me`)).json()) as { id: string };
    // two runs in the last days: the load series is short
    await upsertActivity(app.rt.deps.db, me.id, berlinActivity('2026-11-20', { name: 'Easy', minutes: 40, km: 7, hr: 135 }), 0);
    await upsertActivity(app.rt.deps.db, me.id, berlinActivity('2026-11-21', { name: 'Tempo', minutes: 50, km: 10, hr: 160 }), 0);
    // any settings change replans: the days and their load are derived again
    const put = await page.request.put(`${app.url}/api/me/settings`, { headers: { origin: app.url }, data: { hrMaxBpm: 190, hrRestBpm: 50 } });
    expect(put.status()).toBe(200);
    app.rt.clock.advance(10_000);
    await app.rt.runner.drain();

    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${app.url}/history?weeks=6`);
      await page.waitForSelector('.chart canvas');
      const texts = await page.evaluate(() => (window as unknown as { drawnTexts: string[] }).drawnTexts);
      const dates = texts.filter((t) => /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/.test(t));
      expect(dates.length, `${width} px: ${texts.join(' | ')}`).toBeGreaterThanOrEqual(2);
      expect(dates).toContain('21 Nov');
      expect(texts.filter((t) => /^\d{1,2}(:\d\d)?\s?(am|pm)$/i.test(t) || /^\d{1,2}:\d\d$/.test(t)), `${width} px`).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
    await checkPage(page, 'history-short-range');
    await ctx.close();
  }, 60_000);
});
