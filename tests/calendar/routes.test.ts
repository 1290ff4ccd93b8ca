import { eq } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { athleteSettingsTable, calendarFeedsTable, calendarSyncStateTable, calendarTargetsTable } from '../../src/db/schema';
import { createGoogleFake, GOOGLE_ENV } from '../msw/google';
import { type RadicaleServer, startRadicale } from '../helpers/radicale';
import { requestCalendarSync } from '../../src/planning/request';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { parseIcs } from './ical-parse';
import { cancelSession, weekPlan, writeSessions } from './sessions';

const fake = createGoogleFake();
const server = setupServer(...fake.handlers);
let rt: TestRuntime;
let radicale: RadicaleServer;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  radicale = await startRadicale({ runner: 'app-password-1' });
  // Radicale listens on 127.0.0.1: a self-hoster's LAN server, allowed explicitly.
  rt = await makeTestRuntime({ env: { ...GOOGLE_ENV, OUTBOUND_ALLOW_PRIVATE: 'true' } });
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

    const cb = await rt.request(`/auth/google/callback?code=good-code&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(cb.status).toBe(302);
    const replay = await rt.request(`/auth/google/callback?code=good-code&state=${encodeURIComponent(state)}`, { headers: { cookie } });
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
    const cb = await rt.request(`/auth/google/callback?code=narrow-code&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(cb.status).toBe(403);
  });
});

async function targetsOf(userId: string) {
  return rt.deps.db.select().from(calendarTargetsTable).where(eq(calendarTargetsTable.userId, userId));
}

async function startGoogle(cookie: string): Promise<string> {
  const { authorizeUrl } = (await (await rt.request('/api/me/calendars', json(cookie, { kind: 'google' }))).json()) as { authorizeUrl: string };
  return new URL(authorizeUrl).searchParams.get('state') ?? '';
}

function googleCallback(state: string, cookie?: string): Promise<Response> {
  return rt.request(`/auth/google/callback?code=good-code&state=${encodeURIComponent(state)}`, cookie ? { headers: { cookie } } : {});
}

describe('Google OAuth callback is tied to the browser session', () => {
  it('answers 401 without a session and stores nothing', async () => {
    const { user, cookie } = await signedInUser(rt);
    const state = await startGoogle(cookie);
    const res = await googleCallback(state);
    expect(res.status).toBe(401);
    expect(await targetsOf(user.id)).toEqual([]);
  });

  it('answers 403 (JSON) when another runner is signed in, and stores nothing for either', async () => {
    const attacker = await signedInUser(rt);
    const victim = await signedInUser(rt);
    const state = await startGoogle(attacker.cookie);
    const res = await googleCallback(state, victim.cookie);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect(await targetsOf(attacker.user.id)).toEqual([]);
    expect(await targetsOf(victim.user.id)).toEqual([]);
  });
});

describe('reconnecting a calendar updates the existing target', () => {
  /** Consent in the browser, then the sync job; the runner's targets afterwards. */
  async function connectGoogle(userId: string, cookie: string) {
    expect((await googleCallback(await startGoogle(cookie), cookie)).status).toBe(302);
    await rt.runner.drain();
    return targetsOf(userId);
  }

  /** The plan changes (every session), and the sync job runs. */
  async function replanAndSync(userId: string, reps: number) {
    await writeSessions(rt.deps, userId, weekPlan().map((s) => ({ ...s, reps })));
    await requestCalendarSync(rt.deps, userId);
    await rt.runner.drain();
    return (await targetsOf(userId))[0];
  }

  async function connectedRunner() {
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await writeSessions(rt.deps, user.id, weekPlan());
    const [first] = await connectGoogle(user.id, cookie);
    expect(first).toMatchObject({ status: 'active' });
    expect(fake.liveEvents(first?.containerId ?? '')).toHaveLength(4);
    return { user, cookie, first };
  }

  it('Google after needs_reconsent: same target, new tokens, same calendar', async () => {
    const { user, cookie, first } = await connectedRunner();
    const calendarsBefore = fake.calendars.size;
    // Google forgets the grant: the next sync asks the runner to reconnect.
    fake.revokeRefreshTokens();
    expect(await replanAndSync(user.id, 10)).toMatchObject({ status: 'needs_reconsent' });

    const after = await connectGoogle(user.id, cookie);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: first?.id, status: 'active', lastError: null, containerId: first?.containerId });
    expect(after[0]?.credentialsSealed).not.toBe(first?.credentialsSealed);
    expect(fake.calendars.size).toBe(calendarsBefore);
    expect(fake.liveEvents(first?.containerId ?? '').filter((e) => e.description?.includes('3 × 10'))).toHaveLength(4);
  });

  it('Google after the runner deleted our calendar (disabled): same target, a new calendar, every session written again', async () => {
    const { user, cookie, first } = await connectedRunner();
    const oldCalendar = first?.containerId ?? '';
    fake.userDeletesCalendar(oldCalendar);
    expect(await replanAndSync(user.id, 12)).toMatchObject({ status: 'disabled' });

    const after = await connectGoogle(user.id, cookie);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: first?.id, status: 'active', lastError: null });
    const newCalendar = after[0]?.containerId ?? '';
    expect(newCalendar).not.toBe(oldCalendar);
    expect(fake.liveEvents(newCalendar)).toHaveLength(4);
    const states = await rt.deps.db.select().from(calendarSyncStateTable).where(eq(calendarSyncStateTable.targetId, first?.id ?? ''));
    expect(states.map((r) => r.state)).toEqual(['live', 'live', 'live', 'live']);
  });

  it('CalDAV: the same server, username and calendar posted again updates that target (200), a different calendar is another target', async () => {
    const { user, cookie } = await signedInUser(rt);
    const account = { kind: 'caldav', url: radicale.url, username: 'runner', password: 'app-password-1' };
    const first = await rt.request('/api/me/calendars', json(cookie, account));
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    const again = await rt.request('/api/me/calendars', json(cookie, account));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(id);
    expect(await targetsOf(user.id)).toHaveLength(1);

    const picked = { ...account, calendarUrl: `${radicale.url}runner/picked/` };
    const other = await rt.request('/api/me/calendars', json(cookie, picked));
    expect(other.status).toBe(201);
    const { id: otherId } = (await other.json()) as { id: string };
    expect(otherId).not.toBe(id);
    const otherAgain = await rt.request('/api/me/calendars', json(cookie, picked));
    expect(otherAgain.status).toBe(200);
    expect(((await otherAgain.json()) as { id: string }).id).toBe(otherId);
    expect(await targetsOf(user.id)).toHaveLength(2);
  });
});

describe('ICS feed Last-Modified', () => {
  it('changes whenever the body changes: a cancelled session, and a session leaving the window as days pass', async () => {
    const start = rt.clock.now();
    try {
      const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
      // Settings rows get SQLite's wall clock on insert; put them on the test clock.
      await rt.deps.db.update(athleteSettingsTable).set({ updatedAtMs: rt.clock.now() }).where(eq(athleteSettingsTable.userId, user.id));
      await writeSessions(rt.deps, user.id, weekPlan());
      const links = (await (await rt.request('/api/me/calendar-feed', { headers: { cookie } })).json()) as { url: string };
      const path = new URL(links.url).pathname;
      const first = await rt.request(path);
      const lastModified = first.headers.get('last-modified') ?? '';
      expect(lastModified).not.toBe('');

      rt.clock.advance(60_000);
      await cancelSession(rt.deps, user.id, 'w49-a');
      const afterCancel = await rt.request(path, { headers: { 'if-modified-since': lastModified } });
      expect(afterCancel.status).toBe(200);
      expect(afterCancel.headers.get('etag')).not.toBe(first.headers.get('etag'));
      const cancelledAt = afterCancel.headers.get('last-modified') ?? '';
      expect(Date.parse(cancelledAt)).toBeGreaterThan(Date.parse(lastModified));
      expect(parseIcs(await afterCancel.text()).events.map((e) => e.uid)).not.toContain('w49-a@hardday');
      expect((await rt.request(path, { headers: { 'if-modified-since': cancelledAt } })).status).toBe(304);

      // Nothing is written, but days pass: w48-a (Monday 23 November) leaves the feed when
      // 8 December starts in Berlin.
      rt.clock.set(Date.parse('2026-12-08T09:00:00Z'));
      const later = await rt.request(path, { headers: { 'if-modified-since': cancelledAt } });
      expect(later.status).toBe(200);
      expect(later.headers.get('last-modified')).toBe(new Date('2026-12-07T23:00:00Z').toUTCString());
      expect(parseIcs(await later.text()).events.map((e) => e.uid)).not.toContain('w48-a@hardday');
    } finally {
      rt.clock.set(start);
    }
  });
});
