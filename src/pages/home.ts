/**
 * The landing page: where OAuth callbacks return. Signed out, it offers to connect; signed in,
 * it shows the runner's connections and next sessions (the full web app comes later).
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { isStravaEnabled } from '../core/config';
import { connectionsOfUser } from '../db/repositories/connections';
import { sessionsOf } from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import { localDate } from '../core/dates';
import type { AppEnv } from '../http/env';

export function homeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { db, config, clock } = c.var.deps;
    const user = c.get('user');
    const connections = user ? await connectionsOfUser(db, user.id) : [];
    const settings = user ? await readSettings(db, user.id) : undefined;
    const today = localDate(settings?.timeZone ?? 'UTC', clock.now());
    const sessions = user ? (await sessionsOf(db, user.id, { from: today, status: 'planned' })).slice(0, 5) : [];
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>hardday</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
      .muted { color: #666; }
    </style>
  </head>
  <body>
    <h1>hardday</h1>
    <p class="muted">Strength sessions that fit your running: lift on hard days, keep easy days easy.</p>
    ${user
      ? html`<h2>Connections</h2>
          <ul id="connections">
            ${connections.length === 0 ? html`<li>None yet.</li>` : connections.map((conn) => html`<li>${conn.provider}: ${conn.status}${conn.lastError ? html` (${conn.lastError})` : ''}</li>`)}
          </ul>
          <h2>Next sessions</h2>
          <ul id="sessions">
            ${sessions.length === 0 ? html`<li>Nothing planned yet.</li>` : sessions.map((s) => html`<li>${s.start.replace('T', ' ').slice(0, 16)}: ${String((s.content as { title?: string }).title ?? 'Strength')}</li>`)}
          </ul>`
      : isStravaEnabled(config)
        ? html`<p><a id="connect-strava" href="/auth/strava">Connect with Strava</a></p>`
        : html`<p>Strava is not configured on this server (set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET).</p>`}
    <p class="muted">Not medical advice: stop any exercise that hurts.</p>
  </body>
</html>`);
  });
  return app;
}
