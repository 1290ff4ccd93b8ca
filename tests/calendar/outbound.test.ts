/**
 * Runner-supplied URLs (CalDAV server, plan feeds) must not make the server reach its own network
 * while OUTBOUND_ALLOW_PRIVATE is off (the default here), and what comes back from such a server
 * is reported as a status class, never echoed.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../integrations/shared/outbound-url';
import { calendarTargetsTable, jobsTable, planSourcesTable } from '../../src/db/schema';
import { createTarget } from '../../src/calendar/targets';
import { enqueuePlanSourceRefresh } from '../../src/calendar/plan-sources';
import { requestCalendarSync } from '../../src/planning/request';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { JOB } from '../../src/core/jobs';

const SECRET_BODY = 'SECRET-UPSTREAM-BODY';
const sent: string[] = [];

/** Every outbound request of the runtime lands here: nothing reaches a real network. */
const fakeNetwork: typeof fetch = async (input, _init) => {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  sent.push(url.href);
  if (url.href === 'https://plans.example.test/redirect.ics') return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
  if (url.href === 'https://plans.example.test/gone.ics') return new Response(`<html>${SECRET_BODY}</html>`, { status: 404 });
  if (url.hostname === 'dav.example.test') return new Response(`<html>${SECRET_BODY}: stack trace</html>`, { status: 500 });
  return new Response('unexpected', { status: 418 });
};

let rt: TestRuntime;
beforeAll(async () => {
  rt = await makeTestRuntime({ fetch: fakeNetwork });
});
afterAll(async () => {
  await rt.dispose();
});
beforeEach(() => {
  sent.length = 0;
});

const post = (path: string, cookie: string, body: unknown) => rt.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const PRIVATE_URLS = [
  'http://127.0.0.1:5232/',
  'http://127.1/dav/',
  'http://localhost:5232/',
  'http://cal.localhost/',
  'http://[::1]:5232/',
  'http://[::ffff:127.0.0.1]/',
  'http://10.1.2.3/remote.php/dav/',
  'http://172.16.0.9/',
  'http://192.168.1.20/dav/',
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://0.0.0.0:8080/',
  'http://[fe80::1]/',
  'http://[fd00:ec2::254]/',
];

async function targetsOf(userId: string) {
  return rt.deps.db.select().from(calendarTargetsTable).where(eq(calendarTargetsTable.userId, userId));
}

describe('outbound URL policy (OUTBOUND_ALLOW_PRIVATE off)', () => {
  it('classifies hosts: literal loopback/private/link-local/unique-local and local names are private, public ones are not', () => {
    for (const url of PRIVATE_URLS) expect(isPrivateHost(new URL(url).hostname), url).toBe(true);
    for (const host of ['example.com', '8.8.8.8', '172.32.0.1', '100.128.0.1', '[2001:4860:4860::8888]', 'localhost.example.com']) expect(isPrivateHost(host), host).toBe(false);
  });

  it('refuses a CalDAV server or calendar URL on a private address with 422 naming the field; nothing stored, nothing sent', async () => {
    const { user, cookie } = await signedInUser(rt);
    for (const url of PRIVATE_URLS) {
      const res = await post('/api/me/calendars', cookie, { kind: 'caldav', url, username: 'runner', password: 'app-password-1' });
      expect(res.status, url).toBe(422);
      expect((await res.json()) as unknown).toMatchObject({ error: { code: 'VALIDATION', details: { fields: [{ field: 'url' }] } } });
    }
    const picked = await post('/api/me/calendars', cookie, { kind: 'caldav', url: 'https://dav.example.test/', username: 'runner', password: 'pw', calendarUrl: 'http://10.0.0.5/cal/' });
    expect(picked.status).toBe(422);
    expect((await picked.json()) as unknown).toMatchObject({ error: { details: { fields: [{ field: 'calendarUrl' }] } } });
    expect(await targetsOf(user.id)).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('refuses a plan feed on a private address (webcal too) with 422 naming url; nothing stored, nothing sent', async () => {
    const { user, cookie } = await signedInUser(rt);
    for (const url of ['webcal://127.0.0.1/plan.ics', 'http://192.168.0.2/plan.ics', 'http://[::1]/plan.ics', 'ftp://plans.example.test/plan.ics']) {
      const res = await post('/api/me/plan-sources', cookie, { url });
      expect(res.status, url).toBe(422);
      expect((await res.json()) as unknown).toMatchObject({ error: { details: { fields: [{ field: 'url' }] } } });
    }
    expect(await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.userId, user.id))).toEqual([]);
    await rt.runner.drain();
    expect(sent).toEqual([]);
  });

  it('checks a stored URL again before each fetch (it may predate the rule), and every redirect hop', async () => {
    const { user, cookie } = await signedInUser(rt);
    // Stored before the rule existed.
    const [old] = await rt.deps.db.insert(planSourcesTable).values({ id: crypto.randomUUID(), userId: user.id, url: 'http://10.0.0.7/plan.ics' }).returning();
    await enqueuePlanSourceRefresh(rt.deps, old?.id ?? '', 'test');
    const legacyTarget = await createTarget(rt.deps, { userId: user.id, kind: 'caldav', settings: { serverUrl: 'http://192.168.1.20/dav/', username: 'runner' }, credentials: { password: 'pw' } });
    await requestCalendarSync(rt.deps, user.id);
    // A public feed that redirects to the metadata service.
    const redirecting = await post('/api/me/plan-sources', cookie, { url: 'https://plans.example.test/redirect.ics' });
    expect(redirecting.status).toBe(201);
    const { id: redirectingId } = (await redirecting.json()) as { id: string };
    await rt.runner.drain();

    expect(sent).toEqual(['https://plans.example.test/redirect.ics']);
    const sources = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.userId, user.id));
    for (const s of sources) expect(s.lastError, s.url).toBe('the server at this URL could not be reached');
    expect(sources.map((s) => s.id).sort()).toEqual([old?.id, redirectingId].sort());
    const [target] = await targetsOf(user.id);
    expect(target).toMatchObject({ id: legacyTarget.id, status: 'error' });
    expect(target?.lastError).toBe('the server at this URL could not be reached');
    // Refused for good: no job is left retrying.
    const jobs = await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.kind, JOB.planSourceRefresh));
    expect(jobs.every((j) => j.status !== 'queued')).toBe(true);
  });

  it('never echoes what the server answered: a status class and a generic reason only', async () => {
    const { user, cookie } = await signedInUser(rt);
    const dav = await post('/api/me/calendars', cookie, { kind: 'caldav', url: 'https://dav.example.test/', username: 'runner', password: 'pw' });
    expect(dav.status).toBe(422);
    const davText = await dav.text();
    expect(sent.some((u) => u.startsWith('https://dav.example.test/'))).toBe(true);
    expect(davText).toMatch(/could not log in to a CalDAV server at this URL/);
    expect(davText).not.toContain(SECRET_BODY);
    expect(davText).not.toMatch(/\b500\b/);
    expect(await targetsOf(user.id)).toEqual([]);

    const feed = await post('/api/me/plan-sources', cookie, { url: 'https://plans.example.test/gone.ics' });
    const { id } = (await feed.json()) as { id: string };
    await rt.runner.drain();
    const [row] = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.id, id));
    expect(row?.lastError).toBe('the plan feed answered with an error (4xx)');
  });
});
