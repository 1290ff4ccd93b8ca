import { eq } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFeedsTable, calendarTargetsTable } from '../../src/db/schema';
import { createGoogleFake, GOOGLE_ENV } from '../msw/google';
import { type RadicaleServer, startRadicale } from '../helpers/radicale';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { parseIcs } from './ical-parse';
import { weekPlan, writeSessions } from './sessions';

const fake = createGoogleFake();
const server = setupServer(...fake.handlers);
let rt: TestRuntime;
let radicale: RadicaleServer;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  radicale = await startRadicale({ runner: 'app-password-1' });
  rt = await makeTestRuntime({ env: GOOGLE_ENV });
});
afterAll(async () => {
  server.close();
  await rt.dispose();
  await radicale.stop();
});

const json = (cookie: string, body: unknown): RequestInit => ({ method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GET /calendar/<secret>.ics', () => {
  it('serves the feed with ETag, 304 on a match, 404 after rotation, and never logs the secret', async () => {
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await writeSessions(rt.deps, user.id, weekPlan());
    const links = (await (await rt.request('/api/me/calendar-feed', { headers: { cookie } })).json()) as { url: string; webcalUrl: string };
    const secret = /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(links.url)?.[1] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
    expect(links.webcalUrl).toBe(links.url.replace('http://', 'webcal://'));
    const path = new URL(links.url).pathname;

    const res = await rt.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const cal = parseIcs(await res.text());
    expect(cal.events.map((e) => e.uid).sort()).toEqual(['w48-a@hardday', 'w48-b@hardday', 'w49-a@hardday', 'w49-b@hardday']);
    expect(cal.events.find((e) => e.uid === 'w48-a@hardday')).toMatchObject({ tzid: 'Europe/Berlin', startUtc: '2026-11-23T17:00:00.000Z', sequence: 1 });
    expect(cal.events[0]?.description).toContain('Split squat — 3 × 8, rest 90 s');
    expect(cal.events[0]?.description).toContain('http://hardday.test/plan#');

    const again = await rt.request(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    // A change to the plan changes the ETag.
    await writeSessions(rt.deps, user.id, weekPlan().map((s) => (s.id === 'w48-a' ? { ...s, reps: 12 } : s)));
    const changed = await rt.request(path, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);

    const rotated = (await (await rt.request('/api/me/calendar-feed/rotate', { method: 'POST', headers: { cookie } })).json()) as { url: string };
    expect(rotated.url).not.toBe(links.url);
    expect((await rt.request(path)).status).toBe(404);
    expect((await rt.request(new URL(rotated.url).pathname)).status).toBe(200);
    expect((await rt.request('/calendar/not-a-real-secret-at-all.ics')).status).toBe(404);

    const [row] = await rt.deps.db.select().from(calendarFeedsTable).where(eq(calendarFeedsTable.userId, user.id));
    const newSecret = /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(rotated.url)?.[1] ?? '';
    expect(JSON.stringify(row)).not.toContain(newSecret);
    const logs = rt.logs.join('\n');
    expect(logs).toContain('/calendar/[redacted].ics');
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain(newSecret);
  });

  it('requires a session for the feed management API', async () => {
    expect((await rt.request('/api/me/calendar-feed')).status).toBe(401);
  });
});

describe('/api/me/calendars', () => {
  it('validates CalDAV credentials by logging in: 422 on a bad password, 201 on a good one, password never returned', async () => {
    const { cookie } = await signedInUser(rt);
    const bad = await rt.request('/api/me/calendars', json(cookie, { kind: 'caldav', url: radicale.url, username: 'runner', password: 'wrong' }));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/refused this username and password/);

    const good = await rt.request('/api/me/calendars', json(cookie, { kind: 'caldav', url: radicale.url, username: 'runner', password: 'app-password-1' }));
    expect(good.status).toBe(201);
    const created = await good.text();
    expect(created).not.toContain('app-password-1');
    const { id } = JSON.parse(created) as { id: string };
    const [row] = await rt.deps.db.select().from(calendarTargetsTable).where(eq(calendarTargetsTable.id, id));
    expect(row?.credentialsSealed).toMatch(/^v1\./);
    expect(row?.credentialsSealed).not.toContain('app-password-1');

    await rt.runner.drain();
    const list = await (await rt.request('/api/me/calendars', { headers: { cookie } })).text();
    expect(list).not.toContain('app-password-1');
    expect(JSON.parse(list)).toEqual({
      calendars: [expect.objectContaining({ id, kind: 'caldav', status: 'active', lastError: null, username: 'runner', calendarUrl: `${radicale.url}runner/hardday-training/` })],
    });

    expect((await rt.request(`/api/me/calendars/${id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(204);
    expect((await rt.request(`/api/me/calendars/${id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(404);
  });

  it('rejects malformed input with 422 naming the field', async () => {
    const { cookie } = await signedInUser(rt);
    const res = await rt.request('/api/me/calendars', json(cookie, { kind: 'caldav', url: 'ftp://x', username: 'a' }));
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toMatch(/password/);
  });

  it('connects Google: authorize URL with the narrow scope, then the callback stores sealed tokens and syncs', async () => {
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await writeSessions(rt.deps, user.id, weekPlan());
    const res = await rt.request('/api/me/calendars', json(cookie, { kind: 'google' }));
    expect(res.status).toBe(200);
    const { authorizeUrl } = (await res.json()) as { authorizeUrl: string };
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(GOOGLE_ENV.GOOGLE_AUTH_URL);
    expect(url.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/calendar.app.created');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('redirect_uri')).toBe('http://hardday.test/auth/google/callback');
    const state = url.searchParams.get('state') ?? '';

    const cb = await rt.request(`/auth/google/callback?code=good-code&state=${encodeURIComponent(state)}`);
    expect(cb.status).toBe(302);
    const replay = await rt.request(`/auth/google/callback?code=good-code&state=${encodeURIComponent(state)}`);
    expect(replay.status).toBe(400);

    await rt.runner.drain();
    const { calendars } = (await (await rt.request('/api/me/calendars', { headers: { cookie } })).json()) as { calendars: Array<{ kind: string; status: string }> };
    expect(calendars).toEqual([expect.objectContaining({ kind: 'google', status: 'active' })]);
    expect(fake.liveEvents().filter((e) => e.extendedProperties?.private?.hardday_key?.startsWith('w4'))).toHaveLength(4);
    expect(rt.logs.join('\n')).not.toMatch(/ya29\.|1\/\/refresh/);
  });

  it('refuses a Google grant without the calendar scope', async () => {
    const { cookie } = await signedInUser(rt);
    const { authorizeUrl } = (await (await rt.request('/api/me/calendars', json(cookie, { kind: 'google' }))).json()) as { authorizeUrl: string };
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    const cb = await rt.request(`/auth/google/callback?code=narrow-code&state=${encodeURIComponent(state)}`);
    expect(cb.status).toBe(403);
  });
});
