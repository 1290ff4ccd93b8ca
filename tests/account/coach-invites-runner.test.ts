/**
 * Invitations the other way round: a coach invites a runner, who opens the link, signs up
 * through it (SIGNUP=invite, the default), connects a source (an uploaded activity file) and
 * confirms the grant; the coach then has the runner on the roster. The link is single use, and a
 * used, revoked or expired one fails with 410 and a message saying so, changing nothing.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestRuntime, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

const FIT = '/work/shared/fixtures/fit/garmin-fenix-5-run.fit';
const json = (body: unknown, cookie?: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
type ErrorBody = { error: { code: string; message: string } };

async function signUp(t: TestRuntime, email: string, extra: Record<string, string> = {}): Promise<Response> {
  return t.request('/api/auth/signup', json({ email, password: 'a long enough password', ...extra }));
}

async function setup() {
  const t = await makeTestRuntime();
  const owner = await signUp(t, 'coach@example.com', { displayName: 'Coach Carla' });
  expect(owner.status).toBe(201);
  return { t, coach: cookieOf(owner) };
}

async function invite(t: TestRuntime, coach: string): Promise<{ id: string; code: string; url: string }> {
  const res = await t.request('/api/me/invites', json({ kind: 'athlete' }, coach));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; code: string; url: string };
}

async function rosterIds(t: TestRuntime, coach: string): Promise<string[]> {
  const res = await t.request('/api/coach/athletes', { headers: { cookie: coach } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { athletes: Array<{ athleteId: string }> }).athletes.map((a) => a.athleteId);
}

async function expectGone(res: Response): Promise<void> {
  expect(res.status).toBe(410);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe('GONE');
  expect(body.error.message).toMatch(/used, revoked or has expired/);
}

describe('a coach invites a runner', () => {
  it('the runner signs up through the link, connects a source and confirms; the coach sees them on the roster', async () => {
    const { t, coach } = await setup();
    rt = t;
    expect(t.deps.config.SIGNUP).toBe('invite');
    expect((await signUp(t, 'stranger@example.com')).status).toBe(403);
    const { code, url } = await invite(t, coach);
    expect(url).toBe(`http://hardday.test/invite/${code}`);

    // the link explains what accepting means
    const page = await t.request(`/invite/${code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Coach Carla invites you to be coached/);

    const runnerRes = await signUp(t, 'rita@example.com', { displayName: 'Rita Runner', invite: code });
    expect(runnerRes.status).toBe(201);
    const runner = cookieOf(runnerRes);
    const runnerId = ((await runnerRes.json()) as { id: string }).id;
    // signed up, not yet confirmed: the coach sees nothing
    expect(await rosterIds(t, coach)).toEqual([]);
    expect([403, 404]).toContain((await t.request(`/api/athletes/${runnerId}/days`, { headers: { cookie: coach } })).status);

    // a source: one activity file
    const form = new FormData();
    form.append('files', new Blob([readFileSync(FIT)]), 'run.fit');
    const upload = await t.request('/api/me/uploads', { method: 'POST', headers: { cookie: runner }, body: form });
    expect(upload.status).toBe(200);
    expect(((await upload.json()) as { imported: number }).imported).toBe(1);

    const accept = await t.request(`/api/invites/${code}/accept`, json({}, runner));
    expect(accept.status).toBe(201);
    const coachId = ((await (await t.request('/api/me', { headers: { cookie: coach } })).json()) as { id: string }).id;
    expect(await accept.json()).toEqual({ coachId });
    expect(await rosterIds(t, coach)).toEqual([runnerId]);
    expect((await t.request(`/api/athletes/${runnerId}/days`, { headers: { cookie: coach } })).status).toBe(200);
    const coaches = (await (await t.request('/api/me/coaches', { headers: { cookie: runner } })).json()) as { coaches: Array<{ coachId: string }> };
    expect(coaches.coaches.map((c) => c.coachId)).toEqual([coachId]);
    const grants = await t.deps.db.all<{ action: string }>(sql`select action from audit_log where user_id = ${runnerId} and action = 'coach.grant'`);
    expect(grants).toHaveLength(1);
    const invites = (await (await t.request('/api/me/invites', { headers: { cookie: coach } })).json()) as { invites: Array<{ status: string }> };
    expect(invites.invites.map((i) => i.status)).toEqual(['used']);

    // single use: neither a new sign-up nor a second accept goes through, and nothing changes
    await expectGone(await signUp(t, 'mallory@example.com', { invite: code }));
    await expectGone(await t.request(`/api/invites/${code}/accept`, json({}, runner)));
    expect((await t.request(`/invite/${code}`)).status).toBe(410);
    expect(await rosterIds(t, coach)).toEqual([runnerId]);
    const users = await t.deps.db.all<{ n: number }>(sql`select count(*) as n from users`);
    expect(users[0]?.n).toBe(2);
  });

  it('a link claimed by one sign-up cannot be accepted by another account', async () => {
    const { t, coach } = await setup();
    rt = t;
    const { code } = await invite(t, coach);
    expect((await signUp(t, 'rita@example.com', { invite: code })).status).toBe(201);
    const other = await invite(t, coach);
    const mallory = cookieOf(await signUp(t, 'mallory@example.com', { invite: other.code }));
    await expectGone(await t.request(`/api/invites/${code}/accept`, json({}, mallory)));
    expect(await rosterIds(t, coach)).toEqual([]);
  });

  it('a revoked link fails clearly, for sign-up, accept and the page', async () => {
    const { t, coach } = await setup();
    rt = t;
    const { id, code } = await invite(t, coach);
    expect((await t.request(`/api/me/invites/${id}`, { method: 'DELETE', headers: { cookie: coach } })).status).toBe(204);
    await expectGone(await signUp(t, 'rita@example.com', { invite: code }));
    const page = await t.request(`/invite/${code}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toMatch(/used, revoked or has expired/);
    const users = await t.deps.db.all<{ n: number }>(sql`select count(*) as n from users`);
    expect(users[0]?.n).toBe(1);
  });

  it('an expired link (7 days) fails clearly, even for the account that signed up through it', async () => {
    const { t, coach } = await setup();
    rt = t;
    const early = await invite(t, coach);
    const rita = cookieOf(await signUp(t, 'rita@example.com', { invite: early.code }));
    const { code } = await invite(t, coach);
    t.clock.advance(7 * 24 * 3600_000 + 1);
    await expectGone(await signUp(t, 'sam@example.com', { invite: code }));
    await expectGone(await t.request(`/api/invites/${early.code}/accept`, json({}, rita)));
    expect(await rosterIds(t, coach)).toEqual([]);
    const invites = (await (await t.request('/api/me/invites', { headers: { cookie: coach } })).json()) as { invites: Array<{ status: string }> };
    expect(invites.invites.map((i) => i.status)).toEqual(['expired', 'expired']);
  });
});
