/**
 * Google Calendar connect in Chromium: the settings page's button goes to a fake Google consent
 * page served by the test (the browser's side of OAuth), the token exchange and the Calendar API
 * are the msw Google fake (the server's side); after consent the settings page shows the Google
 * calendar and the planned sessions are pushed to it. Refusing consent says so.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { manualClock } from '../helpers/runtime';
import { createGoogleFake, GOOGLE_ENV } from '../msw/google';
import { weekPlan, writeSessions } from '../calendar/sessions';
import { checkPage, runJobs, type ServedApp, serveRuntime } from './harness';

const google = createGoogleFake();
const msw = setupServer(...google.handlers);
let browser: Browser;
let app: ServedApp;
let consent: Server;
let consentUrl: string;

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' });
  // what the browser sees at accounts.google.com: "Allow" and "Cancel"
  consent = createServer((req, res) => {
    const url = new URL(req.url ?? '/', consentUrl);
    if (!url.searchParams.get('redirect_uri')) {
      res.writeHead(404);
      res.end();
      return;
    }
    const back = (params: Record<string, string>) => {
      const to = new URL(url.searchParams.get('redirect_uri') ?? '');
      for (const [k, v] of Object.entries({ state: url.searchParams.get('state') ?? '', ...params })) to.searchParams.set(k, v);
      return to.href.replace(/"/g, '&quot;');
    };
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Sign in with Google</title><h1>Fake Google</h1><p>${url.searchParams.get('scope') ?? ''}</p><a id="allow" href="${back({ code: 'good-code', scope: url.searchParams.get('scope') ?? '' })}">Allow</a> <a id="cancel" href="${back({ error: 'access_denied' })}">Cancel</a></html>`);
  });
  await new Promise<void>((resolve) => consent.listen(0, '127.0.0.1', resolve));
  consentUrl = `http://127.0.0.1:${(consent.address() as AddressInfo).port}`;
  browser = await launchChromium();
  app = await serveRuntime({ clock: manualClock('2026-11-20T12:00:00Z'), env: { ...GOOGLE_ENV, GOOGLE_AUTH_URL: `${consentUrl}/o/oauth2/v2/auth` } });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await browser?.close();
  consent?.closeAllConnections();
  await new Promise<void>((resolve) => consent.close(() => resolve()));
  msw.close();
});

describe('Google Calendar connect in Chromium', () => {
  it('connects through the consent page; the settings page shows the calendar and the sessions arrive', async () => {
    // the CSP is enforced here: a form post must reach Google's page despite `form-action 'self'`
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${app.url}/signup`);
    await page.fill('input[name=email]', 'gina@example.com');
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('#signup-form button[type=submit]');
    await page.waitForURL(`${app.url}/start`);
    const me = (await (await page.request.get(`${app.url}/api/me`)).json()) as { id: string };
    await writeSessions(app.rt.deps, me.id, weekPlan());

    // Cancel on Google's page: nothing connected, and the page says so
    await page.goto(`${app.url}/settings#calendars`);
    await page.click('#google-form button[type=submit]');
    await page.waitForURL((u) => u.href.startsWith(`${consentUrl}/o/oauth2/v2/auth`));
    await page.click('#cancel');
    await page.waitForURL(`${app.url}/settings#flash`);
    expect(await page.locator('#flash[role=alert]').textContent()).toMatch(/Google Calendar was not connected/);
    expect(await page.locator('#calendar-list').textContent()).toMatch(/No calendar connected/);

    // Allow
    await page.click('#google-form button[type=submit]');
    await page.waitForURL((u) => u.href.startsWith(`${consentUrl}/o/oauth2/v2/auth`));
    expect(await page.locator('p').textContent()).toBe('https://www.googleapis.com/auth/calendar.app.created');
    await page.click('#allow');
    await page.waitForURL(`${app.url}/settings#flash`);
    expect(await page.locator('#flash[role=status]').textContent()).toMatch(/Google Calendar connected/);
    await runJobs(app.rt);
    await page.goto(`${app.url}/settings`);
    expect(await page.locator('#calendar-list').textContent()).toMatch(/google: active, synced/);
    await checkPage(page, 'settings-google-connected', { axe: false });

    const [calendarId] = [...google.calendars.keys()];
    expect(google.calendars.get(calendarId ?? '')?.summary).toMatch(/hardday/i);
    const pushed = google.liveEvents(calendarId).filter((e) => e.extendedProperties?.private?.['hardday_key']);
    expect(pushed).toHaveLength(weekPlan().length);
    expect(pushed.map((e) => e.description ?? '').join('\n')).toContain(`${app.url}/plan`);
    await ctx.close();
  }, 120_000);
});
