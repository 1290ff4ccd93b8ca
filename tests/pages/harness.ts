/**
 * Page-test harness: the real runtime served on a loopback port that is also its PUBLIC_URL (so
 * OAuth redirects, cookies and Origin checks line up), a fake Strava (authorize page served here,
 * token exchange and API by the Strava simulation), screenshots at phone and laptop width, axe.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createStravaSim, type StravaSim } from '../msw/strava';
import { makeTestRuntime, type ManualClock, type TestRuntime } from '../helpers/runtime';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServedApp {
  rt: TestRuntime;
  url: string;
  stop(): Promise<void>;
}

export async function serveRuntime(opts: { env?: Record<string, string>; clock?: ManualClock } = {}): Promise<ServedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const rt = await makeTestRuntime({ env: { PUBLIC_URL: url, OUTBOUND_ALLOW_PRIVATE: 'true', ...opts.env }, ...(opts.clock ? { clock: opts.clock } : {}) });
  const server = serve({ fetch: rt.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    rt,
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rt.dispose();
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of req) chunks.push(chunk as Uint8Array);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}

export interface FakeStrava {
  sim: StravaSim;
  oauthUrl: string;
  apiUrl: string;
  close(): Promise<void>;
}

/** The app's Strava settings pointing at a fake Strava (`startFakeStrava`). */
export function fakeStravaEnv(strava: Pick<FakeStrava, 'apiUrl' | 'oauthUrl'>): Record<string, string> {
  return {
    STRAVA_CLIENT_ID: '12345',
    STRAVA_CLIENT_SECRET: 'strava-client-secret',
    STRAVA_VERIFY_TOKEN: 'verify-token-0123',
    STRAVA_FETCH_DELAY_MS: '0',
    STRAVA_API_URL: strava.apiUrl,
    STRAVA_OAUTH_URL: strava.oauthUrl,
  };
}

/** A new browser context (1280×800) signed in through the sign-in page. */
export async function signInPage(browser: Browser, appUrl: string, who: { email: string; password: string }, options: BrowserContextOptions = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await ctx.newPage();
  await page.goto(`${appUrl}/login`);
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL((u) => u.origin === appUrl && u.pathname !== '/login');
  return { ctx, page };
}

/**
 * Strava on a loopback port: `/oauth/authorize` is a page with an "Authorize" button (what the
 * athlete sees on strava.com), everything else is the simulation (token exchange, API, revoke).
 */
export async function startFakeStrava(now: () => number, athleteId: number): Promise<FakeStrava> {
  let sim: StravaSim | undefined;
  let base = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      if (url.pathname === '/oauth/authorize') {
        const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
        const scope = url.searchParams.get('scope') ?? 'read';
        const state = url.searchParams.get('state') ?? '';
        const back = (params: Record<string, string>) => {
          const to = new URL(redirect.href);
          for (const [k, v] of Object.entries({ state, ...params })) to.searchParams.set(k, v);
          return to.href.replace(/"/g, '&quot;');
        };
        const allowed = back({ code: (sim as StravaSim).grantCode(athleteId, scope.split(',')), scope });
        // what Strava sends when the athlete unticks activity access, or presses Cancel
        const readOnly = back({ code: (sim as StravaSim).grantCode(athleteId, ['read']), scope: 'read' });
        const denied = back({ error: 'access_denied' });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><html lang="en"><title>Authorize</title><h1>Fake Strava</h1><a id="authorize" href="${allowed}">Authorize</a> <a id="authorize-read-only" href="${readOnly}">Authorize without activities</a> <a id="deny" href="${denied}">Cancel</a></html>`,
        );
        return;
      }
      const body = await readBody(req);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const response = await (sim as StravaSim).handle(new Request(url.href, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) }));
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim = createStravaSim({ now, apiUrl: `${base}/api/v3`, oauthUrl: `${base}/oauth` });
  return {
    sim,
    oauthUrl: sim.oauthUrl,
    apiUrl: sim.apiUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Screenshots at 360 px and 1280 px into tests/artifacts, and axe: no serious or critical violation. */
export async function checkPage(page: Page, name: string, opts: { axe?: boolean; javaScript?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    // let the page react to the new width (charts redraw on resize); JavaScript may be off
    if (opts.javaScript !== false) {
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
      // nothing wider than the screen (a phone would scroll sideways)
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${name} at ${width} px is ${scrollWidth} px wide`).toBeLessThanOrEqual(width);
    }
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
  // axe runs as a script: not in a context with JavaScript disabled (check that state elsewhere)
  if (opts.axe === false || opts.javaScript === false) return;
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `axe on ${name}`).toEqual([]);
}

/** Run queued jobs, moving the manual clock so delayed work comes due. */
export async function runJobs(rt: TestRuntime, totalMs = 30_000, stepMs = 5_000): Promise<void> {
  await rt.runner.drain();
  for (let t = 0; t < totalMs; t += stepMs) {
    rt.clock.advance(stepMs);
    await rt.runner.drain();
  }
}
