import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalDavSink, verifyCalDavLogin } from '../../integrations/caldav';
import { basicAuthHeader } from '../../integrations/shared/http';
import { IntegrationError } from '../../src/core/errors';
import type { SinkRecord } from '../../src/core/ports/calendar-sink';
import { type RadicaleServer, startRadicale } from '../helpers/radicale';
import { describeCalendarSinkContract, makeEntry } from './contract';
import { parseIcs } from './ical-parse';

let server: RadicaleServer;
const now = () => Date.parse('2026-11-20T12:00:00Z');
const auth = () => basicAuthHeader('alice', 'secret');

beforeAll(async () => {
  server = await startRadicale({ alice: 'secret', bob: 'hunter22' });
});
afterAll(async () => {
  await server?.stop();
});

async function getResource(url: string): Promise<{ status: number; etag: string | null; text: string }> {
  const res = await fetch(url, { headers: { authorization: auth() } });
  return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
}

function sinkFor(user: string, password: string, containerId?: string) {
  return createCalDavSink({ credentials: { serverUrl: server.url, username: user, password }, fetch: (i, init) => fetch(i, init), now, ...(containerId ? { containerId } : {}) });
}

describeCalendarSinkContract('CalDAV (Radicale)', async () => {
  const sink = sinkFor('alice', 'secret');
  return {
    sink,
    async read(record: SinkRecord) {
      const r = await getResource(record.remoteId);
      if (r.status !== 200) return undefined;
      const event = parseIcs(r.text).events[0];
      return event ? { title: event.summary, startUtc: event.startUtc } : undefined;
    },
    async removeRemotely(record) {
      const res = await fetch(record.remoteId, { method: 'DELETE', headers: { authorization: auth() } });
      expect(res.status).toBeLessThan(300);
    },
  };
});

describe('CalDAV against Radicale', () => {
  it('discovers the home, creates our calendar once, and finds it again on a fresh connect', async () => {
    const { homeUrl } = await verifyCalDavLogin({ serverUrl: server.url, username: 'bob', password: 'hunter22' }, fetch, now);
    expect(homeUrl).toBe(`${server.url}bob/`);
    const first = await sinkFor('bob', 'hunter22').ensureContainer();
    expect(first).toEqual({ containerId: `${server.url}bob/hardday-training/`, created: true });
    const second = await sinkFor('bob', 'hunter22').ensureContainer();
    expect(second).toEqual({ containerId: first.containerId, created: false });
  });

  it('refuses bad credentials with DISCONNECTED (not retryable)', async () => {
    const error = await verifyCalDavLogin({ serverUrl: server.url, username: 'alice', password: 'wrong' }, fetch, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ code: 'DISCONNECTED', retryable: false });
  });

  it('stores a strict resource: UID, SEQUENCE = revision, DTSTAMP in UTC, DTEND, VTIMEZONE, no METHOD', async () => {
    const sink = sinkFor('alice', 'secret');
    await sink.ensureContainer();
    const entry = await makeEntry({ startLocal: '2026-12-05T17:15', timeZone: 'America/Chicago', revision: 3 });
    const rec = await sink.upsert(entry, undefined);
    expect(rec.remoteVersion).toBeTruthy();
    const stored = await getResource(rec.remoteId);
    expect(stored.etag).toBe(rec.remoteVersion);
    const cal = parseIcs(stored.text);
    expect(cal.method).toBeNull();
    expect(cal.vtimezones).toContain('America/Chicago');
    expect(cal.events[0]).toMatchObject({ uid: `${entry.key}@hardday`, sequence: 3, tzid: 'America/Chicago', startUtc: '2026-12-05T23:15:00.000Z', endUtc: '2026-12-05T23:45:00.000Z' });
    expect(cal.events[0]?.dtstamp).toMatch(/Z$/);
  });

  it('handles a conflicting edit (412): re-reads the ETag and the plan wins', async () => {
    const sink = sinkFor('alice', 'secret');
    await sink.ensureContainer();
    const entry = await makeEntry({ title: 'Ours v1' });
    const rec = await sink.upsert(entry, undefined);
    // Another client edits the event: our stored ETag is now stale.
    const current = await getResource(rec.remoteId);
    const edited = current.text.replace('SUMMARY:Ours v1', 'SUMMARY:Edited on the phone');
    const put = await fetch(rec.remoteId, { method: 'PUT', body: edited, headers: { authorization: auth(), 'content-type': 'text/calendar', 'if-match': current.etag ?? '' } });
    expect(put.status).toBeLessThan(300);
    const stale = await fetch(rec.remoteId, { method: 'PUT', body: edited, headers: { authorization: auth(), 'content-type': 'text/calendar', 'if-match': rec.remoteVersion ?? '' } });
    expect(stale.status).toBe(412);

    const next = await sink.upsert({ ...(await makeEntry({ key: entry.key, title: 'Ours v2' })), revision: 2 }, rec);
    expect(next.state).toBe('live');
    expect(next.remoteVersion).not.toBe(rec.remoteVersion);
    const after = parseIcs((await getResource(rec.remoteId)).text).events[0];
    expect(after).toMatchObject({ summary: 'Ours v2', sequence: 2 });
  });

  it('reports a user-deleted event on update instead of re-creating it', async () => {
    const sink = sinkFor('alice', 'secret');
    await sink.ensureContainer();
    const entry = await makeEntry();
    const rec = await sink.upsert(entry, undefined);
    await fetch(rec.remoteId, { method: 'DELETE', headers: { authorization: auth() } });
    const next = await sink.upsert({ ...(await makeEntry({ key: entry.key, title: 'changed' })), revision: 2 }, rec);
    expect(next.state).toBe('user_deleted');
    expect((await getResource(rec.remoteId)).status).toBe(404);
  });

  it('cancels: delete with a stale ETag still removes it, and a second delete is a no-op', async () => {
    const sink = sinkFor('alice', 'secret');
    await sink.ensureContainer();
    const rec = await sink.upsert(await makeEntry(), undefined);
    const current = await getResource(rec.remoteId);
    await fetch(rec.remoteId, { method: 'PUT', body: current.text.replace('SUMMARY:', 'SUMMARY:x'), headers: { authorization: auth(), 'content-type': 'text/calendar' } });
    await sink.delete(rec.key, rec);
    expect((await getResource(rec.remoteId)).status).toBe(404);
    await expect(sink.delete(rec.key, rec)).resolves.toBeUndefined();
  });

  it('writes into an existing calendar the runner picked, and disables on a vanished calendar', async () => {
    const picked = `${server.url}alice/picked/`;
    const mk = await fetch(picked, { method: 'MKCALENDAR', headers: { authorization: auth() } });
    expect(mk.status).toBe(201);
    const sink = sinkFor('alice', 'secret', picked);
    expect(await sink.ensureContainer()).toEqual({ containerId: picked, created: false });
    const rec = await sink.upsert(await makeEntry(), undefined);
    expect(rec.remoteId.startsWith(picked)).toBe(true);
    await fetch(picked, { method: 'DELETE', headers: { authorization: auth() } });
    const error = await sinkFor('alice', 'secret', picked).ensureContainer().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });
});
