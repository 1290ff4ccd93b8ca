/**
 * A calendar server that accepts the connection but never answers must not hold its job (and its
 * job family) until the lease runs out: CalDAV and plan feeds give up after their time limit with
 * a retryable error (Google: google.test.ts). The limits are shortened so nothing waits 15 s.
 */
import { eq } from 'drizzle-orm';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCalDavSink, verifyCalDavLogin } from '../../integrations/caldav';
import { planSourcesTable } from '../../src/db/schema';
import { refreshPlanSource } from '../../src/calendar/plan-sources';
import { makeTestRuntime, signedInUser } from '../helpers/runtime';

const server = setupServer();
const now = () => Date.parse('2026-11-20T12:00:00Z');
const LIMIT_MS = 50;
const viaGlobalFetch: typeof fetch = (input, init) => fetch(input, init);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The rejection of `promise`, or a failure if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const retryableTimeout = (what: RegExp) => expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, message: expect.stringMatching(what) });

describe('calendar requests have a time limit', () => {
  it('CalDAV: a server that never answers (tsdav requests included) fails retryably after the limit', async () => {
    const url = 'https://dav.example.test/';
    server.use(http.all(`${url}*`, async () => {
      await delay('infinite');
      return new HttpResponse(null, { status: 207 });
    }));
    const credentials = { serverUrl: url, username: 'alice', password: 'secret' };
    const login = await rejection(verifyCalDavLogin(credentials, viaGlobalFetch, now, LIMIT_MS));
    expect(login).toEqual(retryableTimeout(/CalDAV server did not answer within/));
    const sink = createCalDavSink({ credentials, fetch: viaGlobalFetch, now, containerId: `${url}alice/hardday-training/`, timeoutMs: LIMIT_MS });
    expect(await rejection(sink.ensureContainer())).toEqual(retryableTimeout(/CalDAV server did not answer within/));
  });

  it('plan feeds: a feed that never answers is recorded on the source and retried', async () => {
    const rt = await makeTestRuntime();
    try {
      const feed = 'https://plans.example.test/stuck.ics';
      server.use(http.get(feed, async () => {
        await delay('infinite');
        return new HttpResponse('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
      }));
      const { cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
      const created = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ url: feed }) });
      expect(created.status).toBe(201);
      const [source] = await rt.deps.db.select().from(planSourcesTable);
      const error = await rejection(refreshPlanSource(rt.deps, source?.id ?? '', { timeoutMs: LIMIT_MS }));
      expect(error).toEqual(retryableTimeout(/plan feed did not answer within/));
      const [after] = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.id, source?.id ?? ''));
      expect(after?.lastError).toMatch(/plan feed did not answer within/);
    } finally {
      await rt.dispose();
    }
  });
});
