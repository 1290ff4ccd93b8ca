import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { insertSession } from '../../src/db/repositories/planning';
import { SESSION_COOKIE } from '../../src/http/env';
import { launchChromium, serveApp } from '../helpers/browser';
import { makeTestRuntime, manualClock, signedInUser, type TestRuntime } from '../helpers/runtime';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

let rt: TestRuntime | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  await rt?.dispose();
  rt = undefined;
  stop = undefined;
});

describe('home page in Chromium', () => {
  it('offers to connect Strava when signed out, and the link starts the OAuth redirect', async () => {
    rt = await makeTestRuntime({ env: { STRAVA_CLIENT_ID: '12345', STRAVA_CLIENT_SECRET: 'secret', STRAVA_VERIFY_TOKEN: 'verify-token-0123' } });
    const served = await serveApp(rt);
    stop = served.stop;
    const page = await browser.newPage();
    await page.goto(`${served.url}/`);
    expect(await page.title()).toBe('hardday');
    const link = page.locator('#connect-strava');
    expect(await link.getAttribute('href')).toBe('/auth/strava');
    const redirect = await page.request.get(`${served.url}/auth/strava`, { maxRedirects: 0 });
    expect(redirect.status()).toBe(302);
    expect(redirect.headers()['location']).toMatch(/^https:\/\/www\.strava\.com\/oauth\/authorize\?.*scope=read%2Cactivity%3Aread_all%2Cprofile%3Aread_all/);
    await page.close();
  });

  it("shows a signed-in runner's next sessions in their own time zone", async () => {
    // 23:30 UTC on the 21st is already the 22nd in Tokyo: the session on the 22nd is "next".
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T23:30:00Z') });
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Asia/Tokyo' });
    const content = { id: 'ss_home1', date: '2026-11-22', start: '2026-11-22T18:30:00+09:00', title: 'Strength: hips and power' };
    await insertSession(rt.deps.db, { userId: user.id, id: 'ss_home1', date: content.date, start: content.start, content, contentHash: 'h', revision: 1, status: 'planned', updatedAtMs: 0 });
    await insertSession(rt.deps.db, { userId: user.id, id: 'ss_old', date: '2026-11-21', start: '2026-11-21T18:30:00+09:00', content: { ...content, id: 'ss_old', title: 'Old session' }, contentHash: 'h', revision: 1, status: 'planned', updatedAtMs: 0 });
    const served = await serveApp(rt);
    stop = served.stop;
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.split('=')[1] ?? '', url: served.url }]);
    const page = await context.newPage();
    await page.goto(`${served.url}/`);
    const sessions = await page.locator('#sessions li').allTextContents();
    expect(sessions).toEqual(['2026-11-22 18:30: Strength: hips and power']);
    expect(await page.locator('#connections li').allTextContents()).toEqual(['None yet.']);
    await context.close();
  });
});
