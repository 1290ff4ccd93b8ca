/**
 * The web app in Chromium, one runner and one coach, end to end: first-run owner account,
 * Strava through a fake authorize page, onboarding, the plan with reasons, a session marked done
 * with an effort, a race that changes the plan, a CalDAV calendar (Radicale) that receives the
 * sessions, a coach invited by link who sees the athlete and loses access on revocation, export
 * and account deletion (checked in SQL). Every page is screenshotted at 360 and 1280 px and
 * checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { radicaleAvailable, type RadicaleServer, startRadicale } from '../helpers/radicale';
import { manualClock } from '../helpers/runtime';
import { checkPage, type FakeStrava, fakeStravaEnv, runJobs, type ServedApp, serveRuntime, startFakeStrava } from './harness';

const ATHLETE = 134815;
const DAY = 86_400_000;

let browser: Browser;
let app: ServedApp;
let strava: FakeStrava;
let radicale: RadicaleServer;

beforeAll(async () => {
  browser = await launchChromium();
  const clock = manualClock('2026-11-20T12:00:00Z');
  strava = await startFakeStrava(() => clock.now(), ATHLETE);
  radicale = await startRadicale({ runner: 'cal-secret' });
  app = await serveRuntime({
    clock,
    env: fakeStravaEnv(strava),
  });
  // four weeks of running on Strava: intervals on Tuesdays, long runs on Sundays, easy otherwise
  for (let i = 1; i <= 28; i++) {
    const start = new Date(Date.parse('2026-11-20T06:00:00Z') - i * DAY);
    const dow = start.getUTCDay();
    if (dow === 1 || dow === 5) continue;
    const hard = dow === 2;
    const long = dow === 0;
    strava.sim.putActivity(ATHLETE, {
      name: hard ? 'Intervals 6x800' : long ? 'Long run' : 'Easy',
      type: 'Run',
      sport_type: 'Run',
      workout_type: hard ? 3 : long ? 2 : 0,
      start_date: start.toISOString().replace('.000', ''),
      start_date_local: new Date(start.getTime() + 3600_000).toISOString().replace('.000', ''),
      timezone: '(GMT+01:00) Europe/Berlin',
      utc_offset: 3600,
      moving_time: long ? 6600 : hard ? 3300 : 2400,
      elapsed_time: long ? 6800 : hard ? 3500 : 2500,
      distance: long ? 22_000 : hard ? 10_000 : 7_000,
      has_heartrate: true,
      average_heartrate: hard ? 166 : long ? 150 : 135,
      max_heartrate: hard ? 184 : 160,
    });
  }
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await strava?.close();
  await radicale?.stop();
  await browser?.close();
});

async function planJson(page: Page): Promise<Array<{ id: string; date: string; title: string; exercises: unknown[] }>> {
  const res = await page.request.get(`${app.url}/api/me/plan`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { sessions: Array<{ id: string; date: string; title: string; exercises: unknown[] }> }).sessions;
}

describe('the web app in Chromium', () => {
  it('takes a runner from first sign-up to a plan, a calendar and a coach, and deletes everything on request', async () => {
    expect(radicaleAvailable()).toBe(true);
    const runner = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await runner.newPage();
    page.on('dialog', (d) => void d.accept());
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });

    // a fresh install: the first account is the owner's
    await page.goto(`${app.url}/`);
    await checkPage(page, 'home');
    await page.goto(`${app.url}/signup`);
    await expect(page.locator('text=the first account is the owner')).toBeDefined();
    await checkPage(page, 'signup');
    await page.fill('input[name=displayName]', 'Rita Runner');
    await page.fill('input[name=email]', 'rita@example.com');
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('#signup-form button[type=submit]');
    await page.waitForURL(`${app.url}/start`);
    await checkPage(page, 'start');

    // connect Strava through the (fake) authorize page
    await page.click('#connect-strava');
    await page.waitForURL(/\/oauth\/authorize/);
    await page.click('#authorize');
    await page.waitForURL((u) => u.origin === app.url && !u.pathname.startsWith('/auth'));
    await runJobs(app.rt);
    await page.goto(`${app.url}/start`);
    expect(await page.locator('#strava-status').textContent()).toMatch(/connected/);

    // onboarding: time zone offered by the browser, equipment, preferred time
    await page.fill('#tz', 'Europe/Berlin');
    await page.fill('input[name="hrMaxBpm:number"]', '190');
    await page.check('input[name="equipment:list"][value=dumbbells]');
    await page.fill('input[name="preferredStrengthTime:nullable"]', '18:30');
    await page.click('#onboarding button[type=submit]');
    await page.waitForURL(`${app.url}/plan#flash`);
    await runJobs(app.rt);

    // the plan page with reasons and rule ids
    await page.goto(`${app.url}/plan`);
    const sessions = page.locator('article.session');
    expect(await sessions.count()).toBeGreaterThan(0);
    expect(await page.locator('article.session .rule').count()).toBeGreaterThan(0);
    expect(await page.locator('article.session .reasons li').count()).toBeGreaterThan(0);
    expect(await page.locator('body > footer').textContent()).toMatch(/Powered by Strava/);
    await checkPage(page, 'plan');

    // mark the first session done with effort 7
    const first = sessions.first();
    const sessionId = await first.getAttribute('id');
    await first.locator('select[name=effort]').selectOption('7');
    await first.locator('button[value=done]').click();
    await page.waitForURL(`${app.url}/plan#flash`);
    expect(await page.locator('#flash').textContent()).toMatch(/marked done \(effort 7\/10\)/);
    expect(await page.locator(`[id="${sessionId}"] [data-status]`).textContent()).toBe('done (effort 7/10)');

    // history with the load chart
    await page.goto(`${app.url}/history?weeks=6`);
    await page.waitForSelector('.chart canvas');
    await checkPage(page, 'history');

    // add a race 10 days out: the plan changes
    const before = await planJson(page);
    await page.goto(`${app.url}/settings`);
    await checkPage(page, 'settings');
    const raceDate = new Date(app.rt.clock.now() + 10 * DAY).toISOString().slice(0, 10);
    await page.fill('#race-form input[name=date]', raceDate);
    await page.fill('#race-form input[name="distanceM:number"]', '42195');
    await page.selectOption('#race-form select[name=priority]', 'A');
    await page.click('#race-form button[type=submit]');
    await page.waitForSelector(`#race-list li:has-text("${raceDate}")`);
    await runJobs(app.rt);
    const after = await planJson(page);
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));

    // CalDAV: test the connection, add it, and the sessions arrive in Radicale
    await page.fill('#caldav-form input[name=url]', radicale.url);
    await page.fill('#caldav-form input[name=username]', 'runner');
    await page.fill('#caldav-form input[name=password]', 'cal-secret');
    await page.click('#caldav-test-button');
    await page.waitForSelector('#caldav-ok');
    await page.click('#caldav-form button[type=submit]');
    await page.waitForSelector('#calendar-list .target-status');
    await runJobs(app.rt);
    const target = (await app.rt.deps.db.all<{ container_id: string; status: string }>(sql`select container_id, status from calendar_targets`))[0];
    expect(target?.status).toBe('active');
    const listing = await fetch(target?.container_id ?? '', { method: 'PROPFIND', headers: { depth: '1', authorization: `Basic ${btoa('runner:cal-secret')}` } });
    const hrefs = (await listing.text()).match(/\.ics<\/(?:\w+:)?href>/g) ?? [];
    expect(hrefs.length).toBe(after.length);

    // invite a coach, who signs up through the link and sees the athlete
    await page.click('#invite-coach-form button[type=submit]');
    await page.waitForFunction(() => (document.querySelector('#flash-value')?.textContent ?? '').includes('/invite/'));
    const inviteUrl = (await page.locator('#flash-value').textContent()) ?? '';
    const coach = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const coachPage = await coach.newPage();
    coachPage.on('dialog', (d) => void d.accept());
    await coachPage.goto(inviteUrl);
    await checkPage(coachPage, 'invite');
    await coachPage.click('#invite-signup');
    await coachPage.fill('input[name=displayName]', 'Coach Carla');
    await coachPage.fill('input[name=email]', 'carla@example.com');
    await coachPage.fill('input[name=password]', 'another good password');
    await coachPage.click('#signup-form button[type=submit]');
    await coachPage.waitForURL(/\/invite\//);
    await coachPage.click('#accept-invite');
    await coachPage.waitForURL(/\/coach\/athletes\/.*#flash$/);
    expect(await coachPage.locator('#flash').textContent()).toMatch(/You now coach .+: their load, day classes and plan are below\./);
    const athletePath = new URL(coachPage.url()).pathname;
    await coachPage.waitForSelector('.chart canvas');
    const athleteHtml = await coachPage.content();
    expect(athleteHtml).not.toMatch(/Intervals 6x800|Long run|Easy<\//);
    await checkPage(coachPage, 'coach-athlete');
    await coachPage.goto(`${app.url}/coach`);
    expect(await coachPage.locator('#roster tbody tr').count()).toBe(1);
    expect(await coachPage.locator('#roster').textContent()).toMatch(/Rita Runner/);
    await checkPage(coachPage, 'coach-roster');

    // the runner revokes: the coach loses access at once
    await page.goto(`${app.url}/coach`);
    await page.goto(`${app.url}/settings#coaches`);
    await page.click('#coach-list button');
    await page.waitForSelector('#coach-list li:has-text("No coach sees your data")');
    expect((await coachPage.goto(`${app.url}${athletePath}`))?.status()).toBe(404);
    await coachPage.goto(`${app.url}/coach`);
    expect(await coachPage.locator('#roster-empty').count()).toBe(1);

    // export, then delete the account: nothing of the runner remains in any table
    await page.goto(`${app.url}/privacy`);
    await checkPage(page, 'privacy');
    const exported = await page.request.get(`${app.url}/api/me/export`);
    expect(exported.status()).toBe(200);
    const dump = (await exported.json()) as { account: { id: string; email: string }; activities: unknown[] };
    expect(dump.account.email).toBe('rita@example.com');
    expect(dump.activities.length).toBeGreaterThan(0);
    expect(JSON.stringify(dump)).not.toMatch(/sealed|passwordHash|scrypt\$/);
    const runnerId = dump.account.id;
    await page.check('#delete-account-form input[name=confirm]');
    await page.click('#delete-account');
    await page.waitForURL(`${app.url}/#flash`);
    const leftovers: string[] = [];
    const tables = await app.rt.deps.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'`);
    for (const { name } of tables) {
      const rows = await app.rt.deps.db.all<Record<string, unknown>>(sql.raw(`select * from "${name}"`));
      for (const row of rows) {
        const text = JSON.stringify(row);
        for (const needle of [runnerId, 'rita@example.com', 'Rita Runner', String(ATHLETE)]) if (text.includes(needle)) leftovers.push(`${name}: ${needle}`);
      }
    }
    expect(leftovers).toEqual([]);
    expect((await page.request.get(`${app.url}/api/me`)).status()).toBe(401);

    // sign-in page (signed out)
    await page.goto(`${app.url}/login`);
    await checkPage(page, 'login');
    expect(cspErrors).toEqual([]);
    await coach.close();
    await runner.close();
  }, 240_000);
});
