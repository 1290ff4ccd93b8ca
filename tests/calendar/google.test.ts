import { DateTime } from 'luxon';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleCalendarSink, eventIdFor, type GoogleTokens } from '../../integrations/google-calendar';
import { base32hex } from '../../integrations/google-calendar/transform';
import { ContainerGoneError } from '../../integrations/shared/errors';
import { IntegrationError } from '../../src/core/errors';
import { createGoogleFake, GOOGLE_ENV, type GoogleFake } from '../msw/google';
import { describeCalendarSinkContract, makeEntry } from './contract';

let fake: GoogleFake = createGoogleFake();
const server = setupServer();
const now = () => Date.parse('2026-11-20T12:00:00Z');

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function makeSink(opts: { tokens?: GoogleTokens; containerId?: string; timeoutMs?: number } = {}) {
  let tokens = opts.tokens ?? fake.grant();
  const saved: GoogleTokens[] = [];
  const sink = createGoogleCalendarSink({
    fetch: (input, init) => fetch(input, init),
    apiUrl: GOOGLE_ENV.GOOGLE_CALENDAR_API_URL,
    tokenUrl: GOOGLE_ENV.GOOGLE_TOKEN_URL,
    clientId: GOOGLE_ENV.GOOGLE_CLIENT_ID,
    clientSecret: GOOGLE_ENV.GOOGLE_CLIENT_SECRET,
    now,
    timeZone: 'Europe/Berlin',
    containerId: opts.containerId ?? null,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    tokens: {
      read: async () => tokens,
      save: async (t) => {
        tokens = t;
        saved.push(t);
      },
    },
  });
  return { sink, saved };
}

function toUtc(dateTime: string, timeZone: string): string {
  return DateTime.fromISO(dateTime, { zone: timeZone }).toUTC().toJSDate().toISOString();
}

describeCalendarSinkContract('Google Calendar (msw)', async () => {
  fake = createGoogleFake();
  server.resetHandlers(...fake.handlers);
  const { sink } = makeSink();
  return {
    sink,
    async read(record) {
      const e = fake.events().find((x) => x.id === record.remoteId);
      if (!e || e.status === 'cancelled' || !e.start?.dateTime || !e.start.timeZone) return undefined;
      return { title: String(e.summary), startUtc: toUtc(e.start.dateTime, e.start.timeZone) };
    },
    async removeRemotely(record) {
      fake.userDeletes(record.remoteId);
    },
  };
});

describe('Google Calendar sink', () => {
  beforeEach(() => {
    fake = createGoogleFake();
    server.resetHandlers(...fake.handlers);
  });

  it('derives valid, stable base32hex event ids from the session key', () => {
    expect(base32hex(new TextEncoder().encode('foobar'))).toBe('cpnmuoj1e8');
    const id = eventIdFor('2026-w49:lower-A');
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(eventIdFor('2026-w49:lower-A')).toBe(id);
    expect(eventIdFor('2026-w49:lower-A', 1)).not.toBe(id);
    expect(eventIdFor('x')).toMatch(/^[a-v0-9]{5,}$/);
  });

  it('creates one dedicated calendar in the runner zone and writes a timed event with description and reminder', async () => {
    const { sink } = makeSink();
    const { containerId, created } = await sink.ensureContainer();
    expect(created).toBe(true);
    expect(fake.calendars.get(containerId)).toMatchObject({ summary: 'hardday training', timeZone: 'Europe/Berlin' });
    const entry = await makeEntry({ startLocal: '2026-12-01T07:00', descriptionText: 'Exercises\n• Split squat — 3 × 8\n\nPlan: http://hardday.test/plan#k' });
    await sink.upsert(entry, undefined);
    const [event] = fake.events(containerId);
    expect(event).toMatchObject({
      id: eventIdFor(entry.key),
      status: 'confirmed',
      start: { dateTime: '2026-12-01T07:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-01T07:30:00', timeZone: 'Europe/Berlin' },
      reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 60 }] },
      extendedProperties: { private: { hardday_key: entry.key } },
    });
    expect(event?.description).toContain('Split squat — 3 × 8');
    expect(fake.log.filter((l) => l.method === 'POST' && l.path.endsWith('/events'))).toHaveLength(1);
    expect(fake.log.every((l) => l.path !== '/calendar/v3/users/me/calendarList')).toBe(true);
  });

  it('answers 409 on insert with an update (retried create, or an event the runner deleted)', async () => {
    const { sink } = makeSink();
    const { containerId } = await sink.ensureContainer();
    const entry = await makeEntry();
    const rec = await sink.upsert(entry, undefined);
    fake.userDeletes(rec.remoteId, containerId);
    const changed = await makeEntry({ key: entry.key, title: 'Changed', revision: 2 });
    const back = await sink.upsert(changed, { ...rec, state: 'user_deleted' });
    expect(back).toMatchObject({ remoteId: rec.remoteId, state: 'live', generation: 0 });
    expect(fake.log.slice(-2).map((l) => [l.method, l.status])).toEqual([['POST', 409], ['PUT', 200]]);
    expect(fake.events(containerId)).toHaveLength(1);
    expect(fake.events(containerId)[0]).toMatchObject({ status: 'confirmed', summary: 'Changed' });
  });

  it('treats 404 and 410 on delete as done', async () => {
    const { sink } = makeSink();
    await sink.ensureContainer();
    const rec = await sink.upsert(await makeEntry(), undefined);
    await sink.delete(rec.key, rec);
    await sink.delete(rec.key, rec);
    await sink.delete('never-written', undefined);
    expect(fake.log.filter((l) => l.method === 'DELETE').map((l) => l.status)).toEqual([204, 410, 404]);
  });

  it('maps a 404 on an event insert (calendar not propagated yet) to a retryable error, not a gone calendar', async () => {
    const { sink } = makeSink();
    await sink.ensureContainer();
    const entry = await makeEntry();
    fake.failNext({ status: 404, reason: 'notFound' });
    const error = await sink.upsert(entry, undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: true });
    expect(error).not.toBeInstanceOf(ContainerGoneError);
    await expect(sink.upsert(entry, undefined)).resolves.toMatchObject({ state: 'live' });
  });

  it('reports 404 on update as user_deleted', async () => {
    const { sink } = makeSink();
    await sink.ensureContainer();
    const entry = await makeEntry();
    const rec = await sink.upsert(entry, undefined);
    const out = await sink.upsert({ ...entry, revision: 2 }, { ...rec, remoteId: eventIdFor('other') });
    expect(out.state).toBe('user_deleted');
  });

  it('maps 403 rateLimitExceeded, 429 (Retry-After) and 5xx to retryable errors, and quotaExceeded to a long back-off', async () => {
    const { sink } = makeSink();
    await sink.ensureContainer();
    const entry = await makeEntry();
    fake.failNext({ status: 403, reason: 'rateLimitExceeded' });
    await expect(sink.upsert(entry, undefined)).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true, upstreamStatus: 403 });
    fake.failNext({ status: 429, retryAfterS: 30 });
    await expect(sink.upsert(entry, undefined)).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAtMs: now() + 30_000 });
    fake.failNext({ status: 503 });
    await expect(sink.upsert(entry, undefined)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    fake.failNext({ status: 403, reason: 'quotaExceeded' });
    await expect(sink.upsert(entry, undefined)).rejects.toMatchObject({ retryable: true, retryAtMs: now() + 3_600_000 });
    fake.failNext({ status: 403, reason: 'forbidden' });
    await expect(sink.upsert(entry, undefined)).rejects.toMatchObject({ code: 'FORBIDDEN', retryable: false });
    // After the failures, the write goes through.
    await expect(sink.upsert(entry, undefined)).resolves.toMatchObject({ state: 'live' });
  });

  it('refreshes the token once on 401, persists it, and retries', async () => {
    const { sink, saved } = makeSink();
    await sink.ensureContainer();
    fake.expireAccessTokens();
    await sink.upsert(await makeEntry(), undefined);
    expect(saved).toHaveLength(1);
    expect(fake.log.map((l) => `${l.method} ${l.status}`).slice(-3)).toEqual(['POST 401', 'POST 200', 'POST 200']);
    expect(fake.log.at(-2)?.path).toBe('/token');
  });

  it('refreshes ahead of expiry without a 401', async () => {
    const tokens = { ...fake.grant(), expiresAtMs: now() + 30_000 };
    const { sink, saved } = makeSink({ tokens });
    await sink.ensureContainer();
    expect(saved).toHaveLength(1);
    expect(fake.log.some((l) => l.status === 401)).toBe(false);
  });

  it('gives up with DISCONNECTED when the refresh token was revoked', async () => {
    const { sink } = makeSink();
    await sink.ensureContainer();
    fake.revokeRefreshTokens();
    const error = await sink.upsert(await makeEntry(), undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ code: 'DISCONNECTED', retryable: false });
  });

  it('reports a deleted calendar as NOT_FOUND (not retryable)', async () => {
    const { sink } = makeSink();
    const { containerId } = await sink.ensureContainer();
    fake.userDeletesCalendar(containerId);
    const consume = async () => {
      for await (const _ of sink.listOurs()) {
        // draining
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: 'NOT_FOUND', retryable: false });
    await expect(consume()).rejects.toBeInstanceOf(ContainerGoneError);
  });

  it('pages through listOurs and skips events that are not ours', async () => {
    const { sink } = makeSink();
    const { containerId } = await sink.ensureContainer();
    for (let i = 0; i < 3; i++) await sink.upsert(await makeEntry({ key: `page-${i}` }), undefined);
    fake.calendars.get(containerId)?.events.set('foreign1', { id: 'foreign1', status: 'confirmed', etag: '"f"', sequence: 0, summary: 'lunch' });
    const keys: string[] = [];
    for await (const r of sink.listOurs()) keys.push(r.key);
    expect(keys.sort()).toEqual(['page-0', 'page-1', 'page-2']);
  });
});

describe('Google Calendar time limit', () => {
  it('a request with no answer fails retryably after the limit (the job is not held until its lease expires)', async () => {
    fake = createGoogleFake();
    server.resetHandlers(
      http.all(`${GOOGLE_ENV.GOOGLE_CALENDAR_API_URL}/*`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const { sink } = makeSink({ timeoutMs: 50 });
    const error = await sink.ensureContainer().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toEqual(expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, message: expect.stringMatching(/Google Calendar did not answer within/) }));
  });
});
