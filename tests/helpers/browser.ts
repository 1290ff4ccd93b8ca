/**
 * Real browser for page tests: Debian's Chromium driven by playwright-core (which downloads no
 * browser of its own), against the app served on a loopback port by @hono/node-server.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import type { TestRuntime } from './runtime';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`page tests need Debian's Chromium at ${CHROMIUM_PATH}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Serve the runtime's app on a free loopback port; returns its base URL and a stop function. */
export async function serveApp(rt: TestRuntime): Promise<{ url: string; stop(): Promise<void> }> {
  const server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
