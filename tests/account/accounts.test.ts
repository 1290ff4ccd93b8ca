import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestRuntime, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

const json = (body: unknown, cookie?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
  body: JSON.stringify(body),
});
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('accounts API', () => {
  it('first account is the owner; then sign-up needs an invitation; cookies are HttpOnly and Lax', async () => {
    rt = await makeTestRuntime();
    const first = await rt.request('/api/auth/signup', json({ email: 'Owner@Example.com', password: 'correct horse battery' }));
    expect(first.status).toBe(201);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const session = await (await rt.request('/api/auth/session', { headers: { cookie: cookieOf(first) } })).json();
    expect(session).toMatchObject({ signedIn: true, user: { email: 'owner@example.com', owner: true } });

    const second = await rt.request('/api/auth/signup', json({ email: 'b@example.com', password: 'another long one' }));
    expect(second.status).toBe(403);
    const invite = await rt.request('/api/me/invites', json({ kind: 'coach' }, cookieOf(first)));
    expect(invite.status).toBe(201);
    const { code, url } = (await invite.json()) as { code: string; url: string };
    expect(url).toBe(`http://hardday.test/invite/${code}`);
    const coach = await rt.request('/api/auth/signup', json({ email: 'coach@example.com', password: 'another long one', invite: code }));
    expect(coach.status).toBe(201);
    const accept = await rt.request(`/api/invites/${code}/accept`, json({}, cookieOf(coach)));
    expect(accept.status).toBe(201);
    const owner = (await rt.request('/api/auth/session', { headers: { cookie: cookieOf(first) } }).then((r) => r.json())) as { user: { id: string } };
    expect(await accept.json()).toEqual({ athleteId: owner.user.id });
    expect((await rt.request(`/api/athletes/${owner.user.id}/days`, { headers: { cookie: cookieOf(coach) } })).status).toBe(200);
    // single use
    expect((await rt.request(`/api/invites/${code}/accept`, json({}, cookieOf(coach)))).status).toBe(410);
    expect((await rt.request('/api/auth/signup', json({ email: 'c@example.com', password: 'another long one', invite: code }))).status).toBe(410);
  });

  it('SIGNUP=open lets anyone sign up after the owner', async () => {
    rt = await makeTestRuntime({ env: { SIGNUP: 'open' } });
    expect((await rt.request('/api/auth/signup', json({ email: 'a@example.com', password: 'correct horse battery' }))).status).toBe(201);
    expect((await rt.request('/api/auth/signup', json({ email: 'b@example.com', password: 'correct horse battery' }))).status).toBe(201);
    expect((await rt.request('/api/auth/signup', json({ email: 'b@example.com', password: 'correct horse battery' }))).status).toBe(409);
    expect((await rt.request('/api/auth/signup', json({ email: 'nope', password: 'short' }))).status).toBe(422);
  });

  it('sign-in rotates the session, throttles per account in the database, and sign-out everywhere ends every session', async () => {
    rt = await makeTestRuntime();
    const created = await rt.request('/api/auth/signup', json({ email: 'a@example.com', password: 'correct horse battery' }));
    const first = cookieOf(created);
    const login = await rt.request('/api/auth/login', json({ email: 'a@example.com', password: 'correct horse battery' }, first));
    expect(login.status).toBe(200);
    const second = cookieOf(login);
    expect(second).not.toBe(first);
    expect((await rt.request('/api/me', { headers: { cookie: first } })).status).toBe(401);
    expect((await rt.request('/api/me', { headers: { cookie: second } })).status).toBe(200);

    for (let i = 0; i < 5; i++) expect((await rt.request('/api/auth/login', json({ email: 'a@example.com', password: 'wrong password' }))).status).toBe(401);
    expect((await rt.request('/api/auth/login', json({ email: 'a@example.com', password: 'correct horse battery' }))).status).toBe(429);
    const rows = await rt.deps.db.all<{ n: number }>(sql`select count(*) as n from sign_in_failures where key = 'email:a@example.com'`);
    expect(rows[0]?.n).toBe(5);
    rt.clock.advance(16 * 60_000);
    const third = cookieOf(await rt.request('/api/auth/login', json({ email: 'a@example.com', password: 'correct horse battery' })));
    expect((await rt.request('/api/auth/logout-everywhere', { method: 'POST', headers: { cookie: third } })).status).toBe(204);
    expect((await rt.request('/api/me', { headers: { cookie: second } })).status).toBe(401);
    expect((await rt.request('/api/me', { headers: { cookie: third } })).status).toBe(401);
    const audit = await rt.deps.db.all<{ action: string }>(sql`select action from audit_log order by id`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['account.create', 'signin', 'signin.failed', 'signout.everywhere']));
  });
});
