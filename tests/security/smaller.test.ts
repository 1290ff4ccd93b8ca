/**
 * Issue 9, item 5: the smaller hardening fixes, each through the real HTTP app.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { issueOAuthState } from '../../src/account/oauth-state';
import { createApiToken } from '../../src/db/repositories/auth';
import { createUser } from '../../src/db/repositories/users';
import { auditLogTable, oauthStatesTable, planSourcesTable } from '../../src/db/schema';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { GOOGLE_ENV } from '../msw/google';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});
const json = { 'content-type': 'application/json' };

describe('smaller hardening', () => {
  it('an invalid bearer token is refused only where sign-in is needed', async () => {
    rt = await makeTestRuntime();
    const bad = { authorization: 'Bearer not-a-token' };
    expect((await rt.request('/healthz', { headers: bad })).status).toBe(200);
    expect((await rt.request('/calendar/nothing-here.ics', { headers: bad })).status).toBe(404);
    const me = await rt.request('/api/me', { headers: bad });
    expect(me.status).toBe(401);
    expect(((await me.json()) as { error: { message: string } }).error.message).toMatch(/invalid API token/);
  });

  it('/healthz/detail is for the owner (earliest account) only; another user\'s session or token is not enough', async () => {
    rt = await makeTestRuntime();
    const owner = await signedInUser(rt);
    rt.clock.advance(1_000);
    const other = await signedInUser(rt);
    // Created later than the owner (created_at defaults to the database clock).
    const { token } = await createApiToken(rt.deps.db, other.user.id, 'ops');
    expect((await rt.request('/healthz/detail')).status).toBe(401);
    expect((await rt.request('/healthz/detail', { headers: { cookie: other.cookie } })).status).toBe(403);
    expect((await rt.request('/healthz/detail', { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    const ok = await rt.request('/healthz/detail', { headers: { cookie: owner.cookie } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, jobs: expect.any(Object), deadLetters: [] });
  });

  it('DELETE /api/me/coaches/<unknown> answers 404 and audits nothing', async () => {
    rt = await makeTestRuntime();
    const { user, cookie } = await signedInUser(rt);
    const res = await rt.request('/api/me/coaches/no-such-coach', { method: 'DELETE', headers: { cookie } });
    expect(res.status).toBe(404);
    expect(await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.userId, user.id))).toEqual([]);
    // A real grant is still revoked (and audited).
    const coach = await createUser(rt.deps.db, { role: 'coach' });
    expect((await rt.request('/api/me/coaches', { method: 'POST', headers: { cookie, ...json }, body: JSON.stringify({ coachId: coach.id }) })).status).toBe(201);
    expect((await rt.request(`/api/me/coaches/${coach.id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(204);
    expect((await rt.request(`/api/me/coaches/${coach.id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(404);
  });

  it('POST /api/me/calendars {"kind":"google"} without Google configured writes no OAuth state', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const res = await rt.request('/api/me/calendars', { method: 'POST', headers: { cookie, ...json }, body: JSON.stringify({ kind: 'google' }) });
    expect(res.status).toBe(503);
    expect(await rt.deps.db.select().from(oauthStatesTable)).toEqual([]);
  });

  it('a Google callback refused for another account leaves the runner\'s state unused', async () => {
    rt = await makeTestRuntime({ env: { ...GOOGLE_ENV } });
    const runner = await signedInUser(rt);
    const intruder = await signedInUser(rt);
    const state = await issueOAuthState(rt.deps, 'google', runner.user.id);
    const refused = await rt.request(`/auth/google/callback?state=${encodeURIComponent(state)}&code=abc`, { headers: { cookie: intruder.cookie } });
    expect(refused.status).toBe(403);
    const [row] = await rt.deps.db.select().from(oauthStatesTable);
    expect(row?.usedAtMs).toBeNull();
  });

  it('plan-source URLs with credentials or tokens are stored sealed and shown as the host only', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const url = 'https://coach:hunter2@plans.example.com/private-9f8e7d/feed.ics?token=s3cr3t';
    const res = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, ...json }, body: JSON.stringify({ url }) });
    expect(res.status).toBe(201);
    const text = await res.text();
    for (const secret of ['hunter2', 's3cr3t', 'private-9f8e7d']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ host: 'plans.example.com' });
    const list = await (await rt.request('/api/me/plan-sources', { headers: { cookie } })).text();
    for (const secret of ['hunter2', 's3cr3t', 'private-9f8e7d']) expect(list).not.toContain(secret);
    const [row] = await rt.deps.db.select().from(planSourcesTable);
    for (const secret of ['hunter2', 's3cr3t', 'private-9f8e7d']) expect(row?.url).not.toContain(secret);
    // Adding it again is recognised as the same source.
    expect((await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, ...json }, body: JSON.stringify({ url }) })).status).toBe(200);
  });
});
