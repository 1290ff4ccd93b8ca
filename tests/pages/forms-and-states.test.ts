/**
 * The web app in Chromium, the gaps of issue 10: a coach invites a runner (sign-up through the
 * link, a source, the grant confirmed, the roster; single use, revoked and expired links fail
 * clearly); the pages with JavaScript disabled (settings, a race, a session done with an effort,
 * a coach invitation, an activity-file upload with its summary); the reason Strava refused, and
 * "Strava app inactive", on the start page. New page states are screenshotted at 360 and 1280 px
 * and checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { clearProviderInactive, markProviderInactive } from '../../src/db/repositories/provider-status';
import { launchChromium } from '../helpers/browser';
import { manualClock } from '../helpers/runtime';
import { checkPage, type FakeStrava, fakeStravaEnv, runJobs, type ServedApp, serveRuntime, signInPage, startFakeStrava } from './harness';

const ATHLETE = 271828;
const DAY = 86_400_000;
const FIT = '/work/shared/fixtures/fit/garmin-fenix-5-run.fit';
const CORRUPT = '/work/shared/fixtures/fit/activity-settings-corruptheader.fit';
const RUNNER = { email: 'rita@example.com', password: 'correct horse battery' };

let browser: Browser;
let app: ServedApp;
let strava: FakeStrava;
let coach: BrowserContext;
let coachPage: Page;
const clock = manualClock('2026-11-20T12:00:00Z');

beforeAll(async () => {
  browser = await launchChromium();
  strava = await startFakeStrava(() => clock.now(), ATHLETE);
  app = await serveRuntime({
    clock,
    env: fakeStravaEnv(strava),
  });
  for (let i = 1; i <= 21; i++) {
    const start = new Date(Date.parse('2026-11-20T06:00:00Z') - i * DAY);
    const dow = start.getUTCDay();
    if (dow === 1 || dow === 5) continue;
    const hard = dow === 2;
    strava.sim.putActivity(ATHLETE, {
      name: hard ? 'Track night' : 'Jog',
      type: 'Run',
      sport_type: 'Run',
      workout_type: hard ? 3 : 0,
      start_date: start.toISOString().replace('.000', ''),
      start_date_local: start.toISOString().replace('.000', ''),
      timezone: '(GMT+00:00) Europe/London',
      utc_offset: 0,
      moving_time: hard ? 3300 : 2400,
      elapsed_time: hard ? 3500 : 2500,
      distance: hard ? 10_000 : 7_000,
      has_heartrate: true,
      average_heartrate: hard ? 166 : 135,
      max_heartrate: hard ? 184 : 150,
    });
  }
  coach = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  coachPage = await coach.newPage();
  coachPage.on('dialog', (d) => void d.accept());
}, 60_000);

afterAll(async () => {
  await coach?.close();
  await app?.stop();
  await strava?.close();
  await browser?.close();
});

async function createInvite(page: Page): Promise<string> {
  await page.goto(`${app.url}/coach`);
  await page.click('#invite-athlete-form button[type=submit]');
  await page.waitForSelector('#flash-value');
  const url = (await page.locator('#flash-value').textContent()) ?? '';
  expect(url).toMatch(new RegExp(`^${app.url}/invite/[A-Za-z0-9_-]+$`));
  return url;
}

async function expectGoneLink(url: string, name?: string): Promise<void> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await ctx.newPage();
  const res = await page.goto(url);
  expect(res?.status()).toBe(410);
  expect(await page.locator('main [role=alert]').textContent()).toBe('This invitation was used, revoked or has expired.');
  expect(await page.locator('#invite-signup').count()).toBe(0);
  if (name) await checkPage(page, name);
  await ctx.close();
}

describe('the web app in Chromium: the remaining flows', () => {
  it('a coach invites a runner, who signs up through the link, connects Strava and confirms; the link works once', async () => {
    // the coach runs the install: the first account
    await coachPage.goto(`${app.url}/signup`);
    await coachPage.fill('input[name=displayName]', 'Coach Carla');
    await coachPage.fill('input[name=email]', 'carla@example.com');
    await coachPage.fill('input[name=password]', 'another good password');
    await coachPage.click('#signup-form button[type=submit]');
    await coachPage.waitForURL(`${app.url}/start`);
    const inviteUrl = await createInvite(coachPage);
    await checkPage(coachPage, 'coach-invite-created');

    // sign-up is by invitation only: the link is the way in
    const runner = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await runner.newPage();
    await page.goto(inviteUrl);
    expect(await page.locator('main').textContent()).toMatch(/Coach Carla invites you to be coached/);
    await checkPage(page, 'invite-athlete');
    await page.click('#invite-signup');
    await page.fill('input[name=displayName]', 'Rita Runner');
    await page.fill('input[name=email]', RUNNER.email);
    await page.fill('input[name=password]', RUNNER.password);
    await page.click('#signup-form button[type=submit]');
    await page.waitForURL(/\/invite\/.*#flash$/);
    expect(await page.locator('#flash').textContent()).toContain('Account created. One more step: accept the invitation below.');

    // a source before confirming: Strava through the fake authorize page
    await page.goto(`${app.url}/start`);
    await page.click('#connect-strava');
    await page.waitForURL(/\/oauth\/authorize/);
    await page.click('#authorize');
    await page.waitForURL((u) => u.origin === app.url && !u.pathname.startsWith('/auth'));
    await runJobs(app.rt);
    await coachPage.goto(`${app.url}/coach`);
    expect(await coachPage.locator('#roster-empty').count()).toBe(1);

    // confirm the grant
    await page.goto(inviteUrl);
    await page.click('#accept-invite');
    await page.waitForURL(`${app.url}/settings#flash`);
    expect(await page.locator('#flash').textContent()).toMatch(/Coach Carla now coaches you\. You can stop it at any time under Settings, Coaches\./);
    expect(await page.locator('#coach-list').textContent()).toMatch(/Coach Carla/);
    await coachPage.goto(`${app.url}/coach`);
    expect(await coachPage.locator('#roster tbody tr').count()).toBe(1);
    expect(await coachPage.locator('#roster').textContent()).toMatch(/Rita Runner/);
    await checkPage(coachPage, 'coach-roster-invited-runner');
    await runner.close();

    // single use: the same link again fails clearly
    await expectGoneLink(inviteUrl, 'invite-gone');

    // revoked: the pending invitation's Revoke button
    const revoked = await createInvite(coachPage);
    await coachPage.goto(`${app.url}/coach`);
    await coachPage.click('#invite-h ~ ul button[type=submit]');
    await coachPage.waitForSelector('#flash');
    expect(await coachPage.locator('#invite-h ~ ul').count()).toBe(0);
    await expectGoneLink(revoked);
  }, 120_000);

  it('works with JavaScript disabled: settings, a race, a session done with an effort, a coach invitation, an upload with its summary', async () => {
    const { ctx, page } = await signInPage(browser, app.url, RUNNER, { javaScriptEnabled: false });

    // settings
    await page.goto(`${app.url}/settings`);
    await page.fill('#tz', 'Europe/Berlin');
    await page.fill('input[name="hrMaxBpm:number"]', '187');
    await page.check('input[name="equipment:list"][value=kettlebell]');
    await page.fill('input[name="preferredStrengthTime:nullable"]', '18:00');
    await page.click('#settings-form button[type=submit]');
    await page.waitForURL(`${app.url}/settings#flash`);
    expect(await page.locator('#flash').textContent()).toMatch(/Settings saved/);
    await checkPage(page, 'settings-saved-nojs', { javaScript: false });
    const settings = (await (await page.request.get(`${app.url}/api/me/settings`)).json()) as { timeZone: string; hrMaxBpm: number; equipment: string[]; preferredStrengthTime: string };
    expect(settings).toMatchObject({ timeZone: 'Europe/Berlin', hrMaxBpm: 187, preferredStrengthTime: '18:00' });
    expect(settings.equipment).toContain('kettlebell');
    expect(await page.locator('input[name="hrMaxBpm:number"]').inputValue()).toBe('187');

    // a race
    const raceDate = new Date(clock.now() + 30 * DAY).toISOString().slice(0, 10);
    await page.goto(`${app.url}/settings`);
    await page.fill('#race-form input[name=date]', raceDate);
    await page.fill('#race-form input[name="distanceM:number"]', '21097');
    await page.selectOption('#race-form select[name=priority]', 'B');
    await page.fill('#race-form input[name="name:opt"]', 'City half');
    await page.click('#race-form button[type=submit]');
    await page.waitForURL(`${app.url}/settings#flash`);
    expect(await page.locator('#race-list').textContent()).toMatch(new RegExp(`${raceDate}: City half, 21\\.1 km road, priority B`));

    // a session done with an effort rating
    await runJobs(app.rt);
    await page.goto(`${app.url}/plan`);
    const first = page.locator('article.session').first();
    expect(await page.locator('article.session').count()).toBeGreaterThan(0);
    const sessionId = await first.getAttribute('id');
    await first.locator('select[name=effort]').selectOption('6');
    await first.locator('button[value=done]').click();
    await page.waitForURL(`${app.url}/plan#flash`);
    expect(await page.locator('#flash').textContent()).toMatch(/marked done \(effort 6\/10\)/);
    expect(await page.locator(`[id="${sessionId}"] [data-status]`).textContent()).toBe('done (effort 6/10)');

    // invite a coach: the link is shown on the page
    await page.goto(`${app.url}/settings#coaches`);
    await page.click('#invite-coach-form button[type=submit]');
    await page.waitForURL(`${app.url}/settings#flash`);
    expect(await page.locator('#flash-value').textContent()).toMatch(new RegExp(`^${app.url}/invite/`));
    await checkPage(page, 'settings-coach-invited-nojs', { javaScript: false });

    // upload a real FIT file and a corrupt one: the summary, not JSON
    await page.goto(`${app.url}/start`);
    await page.click('#sources ~ details summary');
    await page.setInputFiles('#upload-form input[type=file]', [FIT, CORRUPT]);
    await page.click('#upload-form button[type=submit]');
    await page.waitForURL(`${app.url}/start#flash`);
    expect(await page.locator('#flash').textContent()).toMatch(/1 imported, 0 already there, 1 skipped/);
    const skipped = (await page.locator('#flash-items li').allTextContents()).join('\n');
    expect(skipped).toMatch(/activity-settings-corruptheader\.fit: \S/);
    expect(await page.content()).not.toMatch(/"imported":/);
    await checkPage(page, 'upload-summary-nojs', { javaScript: false });
    // the same file again is a duplicate (the upload form stays open after an import)
    expect(await page.locator('#sources ~ details').getAttribute('open')).not.toBeNull();
    await page.setInputFiles('#upload-form input[type=file]', [FIT]);
    await page.click('#upload-form button[type=submit]');
    await page.waitForURL(`${app.url}/start#flash`);
    expect(await page.locator('#flash').textContent()).toMatch(/0 imported, 1 already there, 0 skipped/);

    // the API still answers JSON
    const api = await page.request.post(`${app.url}/api/me/uploads`, { headers: { accept: 'application/json', origin: app.url }, multipart: { files: { name: 'run.fit', mimeType: 'application/octet-stream', buffer: Buffer.from(await (await import('node:fs/promises')).readFile(FIT)) } } });
    expect(api.status()).toBe(200);
    expect(await api.json()).toEqual({ imported: 0, duplicates: 1, skipped: [] });
    await ctx.close();
  }, 120_000);

  it('shows why Strava refused, with a way to try again, and "Strava app inactive"', async () => {
    const { ctx, page } = await signInPage(browser, app.url, RUNNER, { bypassCSP: true });

    // the athlete presses Cancel on Strava's page
    await page.goto(`${app.url}/auth/strava`);
    await page.waitForURL(/\/oauth\/authorize/);
    await page.click('#deny');
    await page.waitForURL(`${app.url}/start?strava_error=access_denied`);
    expect(await page.locator('#strava-problem').textContent()).toMatch(/You chose not to give hardday access on Strava/);
    expect(await page.locator('#strava-try-again').getAttribute('href')).toBe('/auth/strava');
    await checkPage(page, 'start-strava-denied');

    // an API client gets the JSON error
    const json = await page.request.get(`${app.url}/auth/strava/callback?state=forged.state&error=access_denied`, { headers: { accept: 'application/json' } });
    expect(json.status()).toBe(400);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');

    // the app is paused at Strava
    await markProviderInactive(app.rt.deps.db, clock.now());
    const connections = (await (await page.request.get(`${app.url}/api/me/connections`)).json()) as { connections: Array<{ appStatus: { state: string } | null }> };
    expect(connections.connections[0]?.appStatus?.state).toBe('inactive');
    await page.goto(`${app.url}/start`);
    expect(await page.locator('#strava-inactive').textContent()).toMatch(/Strava app inactive/);
    await checkPage(page, 'start-strava-inactive');
    await clearProviderInactive(app.rt.deps.db);
    await page.goto(`${app.url}/start`);
    expect(await page.locator('#strava-inactive').count()).toBe(0);

    // connect again, this time unticking activity access
    await page.goto(`${app.url}/auth/strava`);
    await page.waitForURL(/\/oauth\/authorize/);
    await page.click('#authorize-read-only');
    await page.waitForURL(`${app.url}/start?strava_error=missing_scope`);
    expect(await page.locator('#strava-problem').textContent()).toMatch(/without permission to read all your activities.*Missing: activity:read_all/s);
    await checkPage(page, 'start-strava-missing-scope');

    // an upload of only a damaged file: the summary is an alert (checked with axe here, JavaScript on)
    await page.goto(`${app.url}/start`);
    await page.click('#sources ~ details summary');
    await page.setInputFiles('#upload-form input[type=file]', [CORRUPT]);
    await page.click('#upload-form button[type=submit]');
    await page.waitForURL(`${app.url}/start#flash`);
    expect(await page.locator('#flash[role=alert]').textContent()).toMatch(/0 imported, 0 already there, 1 skipped.*damaged FIT file/s);
    await checkPage(page, 'upload-summary');
    await ctx.close();

    // anonymous "Sign in with Strava", refused: the reason and the sign-in form
    const anon = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const anonPage = await anon.newPage();
    await anonPage.goto(`${app.url}/auth/strava`);
    await anonPage.waitForURL(/\/oauth\/authorize/);
    await anonPage.click('#deny');
    await anonPage.waitForURL(`${app.url}/start?strava_error=access_denied`);
    expect(await anonPage.locator('#strava-problem').count()).toBe(1);
    expect(await anonPage.locator('#login-form').count()).toBe(1);
    await anon.close();
  }, 120_000);

  it('an invitation expires after 7 days', async () => {
    const url = await createInvite(coachPage);
    clock.advance(7 * DAY + 1_000);
    await expectGoneLink(url);
  }, 60_000);
});
