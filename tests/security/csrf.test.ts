/**
 * CSRF from same-site pages: a page on another port of the same host can post forms with the
 * runner's cookie (SameSite=Lax does not separate ports). JSON routes take JSON only (415), and
 * every state-changing cookie-authenticated request must come from the app's own origin.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/db/repositories/auth';
import { planSourcesTable, racesTable } from '../../src/db/schema';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await makeTestRuntime();
});
afterAll(async () => {
  await rt.dispose();
});

const RACE = JSON.stringify({ date: '2027-04-10', distanceM: 42_195, terrain: 'road', priority: 'A' });
const racesOf = (userId: string) => rt.deps.db.select().from(racesTable).where(eq(racesTable.userId, userId));

describe('CSRF', () => {
  it('refuses a text/plain form post of JSON with 415 and stores nothing (today: the race is added)', async () => {
    const { user, cookie } = await signedInUser(rt);
    const res = await rt.request('/api/me/races', { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: RACE });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const feed = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ url: 'https://plans.example.com/p.ics' }) });
    expect(feed.status).toBe(415);
    expect(await racesOf(user.id)).toEqual([]);
    expect(await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.userId, user.id))).toEqual([]);
  });

  it('refuses a state-changing cookie request from another origin of the same site (Origin or Sec-Fetch-Site), JSON or form', async () => {
    const { user, cookie } = await signedInUser(rt);
    const forged: Array<Record<string, string>> = [
      { origin: 'http://hardday.test:8080', 'content-type': 'application/json' },
      { origin: 'http://evil.hardday.test', 'content-type': 'application/json' },
      { origin: 'null', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'cross-site', origin: 'http://hardday.test', 'content-type': 'application/json' },
      { origin: 'http://hardday.test:8080', 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of forged) {
      const res = await rt.request('/api/me/races', { method: 'POST', headers: { cookie, ...headers }, body: RACE });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    const del = await rt.request('/api/me/connections/strava', { method: 'DELETE', headers: { cookie, origin: 'http://hardday.test:3000' } });
    expect(del.status).toBe(403);
    expect(await racesOf(user.id)).toEqual([]);
  });

  it('accepts the app\'s own pages: Origin = PUBLIC_URL or Sec-Fetch-Site same-origin; forms pass the origin check', async () => {
    const { user, cookie } = await signedInUser(rt);
    const a = await rt.request('/api/me/races', { method: 'POST', headers: { cookie, origin: 'http://hardday.test', 'content-type': 'application/json' }, body: RACE });
    expect(a.status).toBe(201);
    const b = await rt.request('/api/me/races', { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' }, body: RACE });
    expect(b.status).toBe(201);
    expect(await racesOf(user.id)).toHaveLength(2);
    // A same-origin multipart/urlencoded form is not refused by the CSRF guard (this JSON route
    // answers 415; form routes read it).
    const form = new FormData();
    form.set('date', '2027-04-10');
    const c = await rt.request('/api/me/races', { method: 'POST', headers: { cookie, origin: 'http://hardday.test' }, body: form });
    expect(c.status).toBe(415);
    const d = await rt.request('/api/me/races', { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, body: 'date=2027-04-10' });
    expect(d.status).toBe(415);
  });

  it('a bearer-token API call is not cookie-authenticated and needs no Origin', async () => {
    const { user } = await signedInUser(rt);
    const { token } = await createApiToken(rt.deps.db, user.id, 'script');
    const res = await rt.request('/api/me/races', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: 'http://elsewhere.example' }, body: RACE });
    expect(res.status).toBe(201);
  });

  it('GET requests and cookie-less posts (webhooks) are not checked', async () => {
    const { cookie } = await signedInUser(rt);
    const res = await rt.request('/api/me/races', { headers: { cookie, origin: 'http://hardday.test:8080' } });
    expect(res.status).toBe(200);
  });
});
