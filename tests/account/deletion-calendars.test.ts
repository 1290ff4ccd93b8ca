/**
 * Deleting an account, or disconnecting one calendar, first removes the events hardday pushed
 * there: Radicale (a real CalDAV server) and the Google fake hold no hardday event afterwards,
 * every table is free of the runner, and a calendar that does not answer is reported (within a
 * deadline) instead of blocking the deletion.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDARS_NOT_CLEANED_HEADER, parseCalendarsNotCleaned } from '../../src/calendar/cleanup';
import { createTarget } from '../../src/calendar/targets';
import { requestCalendarSync } from '../../src/planning/request';
import { createGoogleFake, GOOGLE_ENV } from '../msw/google';
import { type RadicaleServer, startRadicale } from '../helpers/radicale';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { weekPlan, writeSessions } from '../calendar/sessions';

const fake = createGoogleFake();
const server = setupServer(...fake.handlers);
let rt: TestRuntime;
let radicale: RadicaleServer;
let hanging: Server;
let hangingUrl: string;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  radicale = await startRadicale({ runner: 'app-password-1', other: 'app-password-2' });
  // a CalDAV server that accepts connections and never answers
  hanging = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
  rt = await makeTestRuntime({ env: { ...GOOGLE_ENV, OUTBOUND_ALLOW_PRIVATE: 'true', CALENDAR_TIMEOUT_MS: '1500' } });
});
afterAll(async () => {
  server.close();
  await rt.dispose();
  await radicale.stop();
  hanging.closeAllConnections();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
});

const json = (cookie: string, body: unknown): RequestInit => ({ method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function caldavObjects(collectionUrl: string, user: string, password: string): Promise<string[]> {
  const res = await fetch(collectionUrl, { method: 'PROPFIND', headers: { depth: '1', authorization: `Basic ${btoa(`${user}:${password}`)}` } });
  expect(res.status).toBe(207);
  return (await res.text()).match(/[^<>]+\.ics(?=<\/(?:\w+:)?href>)/g) ?? [];
}

async function connectGoogle(cookie: string): Promise<void> {
  const { authorizeUrl } = (await (await rt.request('/api/me/calendars', json(cookie, { kind: 'google' }))).json()) as { authorizeUrl: string };
  const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
  expect((await rt.request(`/auth/google/callback?code=good-code&state=${encodeURIComponent(state)}`, { headers: { cookie } })).status).toBe(302);
}

async function containerOf(userId: string, kind: string): Promise<string> {
  const rows = await rt.deps.db.all<{ container_id: string | null }>(sql`select container_id from calendar_targets where user_id = ${userId} and kind = ${kind}`);
  return rows[0]?.container_id ?? '';
}

describe('remote calendar events on deletion', () => {
  it('account deletion empties the CalDAV and Google calendars, reports the calendar that does not answer, and leaves nothing of the runner', async () => {
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await writeSessions(rt.deps, user.id, weekPlan());
    expect((await rt.request('/api/me/calendars', json(cookie, { kind: 'caldav', url: radicale.url, username: 'runner', password: 'app-password-1' }))).status).toBe(201);
    await connectGoogle(cookie);
    await requestCalendarSync(rt.deps, user.id);
    await rt.runner.drain();
    const collection = await containerOf(user.id, 'caldav');
    const calendarId = await containerOf(user.id, 'google');
    expect((await caldavObjects(collection, 'runner', 'app-password-1')).length).toBe(4);
    expect(fake.liveEvents(calendarId).length).toBe(4);
    // a third calendar whose server hangs (it was reachable when connected)
    await createTarget(rt.deps, { userId: user.id, kind: 'caldav', settings: { serverUrl: hangingUrl, username: 'runner' }, credentials: { password: 'x' }, containerId: `${hangingUrl}cal/`, status: 'active' });

    const started = Date.now();
    const res = await rt.request('/api/me', { method: 'DELETE', headers: { cookie } });
    const tookMs = Date.now() - started;
    expect(res.status).toBe(204);
    expect(parseCalendarsNotCleaned(res.headers.get(CALENDARS_NOT_CLEANED_HEADER))).toEqual([expect.objectContaining({ kind: 'caldav' })]);
    expect(tookMs).toBeLessThan(10_000);

    expect(await caldavObjects(collection, 'runner', 'app-password-1')).toEqual([]);
    expect(fake.liveEvents(calendarId)).toEqual([]);
    const leftovers: string[] = [];
    const tables = await rt.deps.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'`);
    for (const { name } of tables) {
      for (const row of await rt.deps.db.all<Record<string, unknown>>(sql.raw(`select * from "${name}"`))) if (JSON.stringify(row).includes(user.id)) leftovers.push(name);
    }
    expect(leftovers).toEqual([]);
    expect((await rt.request('/api/me', { headers: { cookie } })).status).toBe(401);
  }, 30_000);

  it('disconnecting one calendar removes its events and leaves the other calendar alone', async () => {
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await writeSessions(rt.deps, user.id, weekPlan());
    const added = await rt.request('/api/me/calendars', json(cookie, { kind: 'caldav', url: radicale.url, username: 'other', password: 'app-password-2' }));
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };
    await connectGoogle(cookie);
    await requestCalendarSync(rt.deps, user.id);
    await rt.runner.drain();
    const collection = await containerOf(user.id, 'caldav');
    const calendarId = await containerOf(user.id, 'google');
    expect((await caldavObjects(collection, 'other', 'app-password-2')).length).toBe(4);

    expect((await rt.request(`/api/me/calendars/${id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(204);
    expect(await caldavObjects(collection, 'other', 'app-password-2')).toEqual([]);
    expect(fake.liveEvents(calendarId).length).toBe(4);
  }, 30_000);
});
