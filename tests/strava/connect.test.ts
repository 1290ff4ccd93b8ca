import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { readTokens } from '../../src/db/repositories/connections';
import { getAthleteSettings, getUser } from '../../src/db/repositories/users';
import { auditLogTable } from '../../src/db/schema';
import { JOB, STRAVA_JOB } from '../../src/core/jobs';
import { completeStravaConnect, startStravaConnect } from '../../src/strava/connect';
import { makeTestRuntime } from '../helpers/runtime';
import { ATHLETE_ID, connectThroughApp, cookieSet, jobsOfKind, startConnect, type StravaTestbed, stravaActivities, stravaConnection, stravaTestSuite } from './helpers';

const { make } = stravaTestSuite();

let tb: StravaTestbed | undefined;
afterEach(async () => {
  await tb?.rt.dispose();
  tb = undefined;
});

describe('Strava connect', () => {
  it('redirects to Strava with the scopes and a signed state', async () => {
    tb = await make();
    const res = await tb.rt.request('/auth/strava');
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location') ?? '');
    expect(`${url.origin}${url.pathname}`).toBe('https://www.strava.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('12345');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('read,activity:read_all,profile:read_all');
    expect(url.searchParams.get('redirect_uri')).toBe('http://hardday.test/auth/strava/callback');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it('connects end to end: tokens sealed, runner created, session cookie, backfill, home page', async () => {
    tb = await make();
    const { sim, rt } = tb;
    sim.addAthlete(ATHLETE_ID, { firstname: 'Marianne', lastname: 'Teutenberg', sex: 'F' });
    const start = Date.parse('2026-11-20T12:00:00Z');
    sim.putActivity(ATHLETE_ID, { id: 111, start_date: new Date(start - 3 * 86_400_000).toISOString().replace('.000', ''), start_date_local: '2026-11-17T08:00:00Z' });
    sim.putActivity(ATHLETE_ID, { id: 222, start_date: new Date(start - 100 * 86_400_000).toISOString().replace('.000', ''), start_date_local: '2026-08-12T08:00:00Z' });

    const { cookie, response } = await connectThroughApp(tb);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('hardday_session=')) ?? '';
    expect(setCookie).toMatch(/^hardday_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);

    const connection = await stravaConnection(rt);
    expect(connection?.status).toBe('active');
    expect(connection?.externalId).toBe(String(ATHLETE_ID));
    expect(connection?.scopes).toBe('read,activity:read_all,profile:read_all');
    const athlete = sim.athletes.get(ATHLETE_ID);
    expect(connection?.accessTokenSealed).not.toContain(athlete?.accessToken ?? '-');
    const tokens = connection ? await readTokens(rt.deps.secrets, connection) : undefined;
    expect(tokens?.refreshToken).toBe(athlete?.refreshToken);

    const user = await getUser(rt.deps.db, connection?.userId ?? '');
    expect(user?.displayName).toBe('Marianne Teutenberg');
    expect((await getAthleteSettings(rt.deps.db, user?.id ?? ''))?.sex).toBe('f');

    expect(await jobsOfKind(rt, STRAVA_JOB.backfill)).toHaveLength(1);
    await rt.runner.drain();
    const stored = await stravaActivities(rt);
    // 12 weeks back: the 3-day-old run is in, the 100-day-old one is not.
    expect(stored.map((a) => a.externalId)).toEqual(['111']);
    expect(await jobsOfKind(rt, JOB.replan)).toHaveLength(1);

    const me = await rt.request('/api/me/connections', { headers: { cookie } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { connections: Array<Record<string, unknown>> };
    expect(body.connections).toEqual([
      expect.objectContaining({ provider: 'strava', externalId: String(ATHLETE_ID), status: 'active', needsReconsent: false, missingScopes: [] }),
    ]);
    expect(JSON.stringify(body)).not.toContain(athlete?.accessToken ?? '-');
    expect(JSON.stringify(body)).not.toContain('Sealed');
  });

  it('reconnecting finds the same runner', async () => {
    tb = await make();
    await connectThroughApp(tb);
    const first = await stravaConnection(tb.rt);
    await connectThroughApp(tb);
    const second = await stravaConnection(tb.rt);
    expect(second?.userId).toBe(first?.userId);
  });

  it('refuses a replayed or forged state', async () => {
    tb = await make();
    const { state, bindingCookie } = await startConnect(tb);
    const code = tb.sim.grantCode(ATHLETE_ID);
    const headers = { cookie: bindingCookie };
    const ok = await tb.rt.request(`/auth/strava/callback?state=${state}&code=${code}&scope=read,activity:read_all,profile:read_all`, { headers });
    expect(ok.status).toBe(302);
    const replay = await tb.rt.request(`/auth/strava/callback?state=${state}&code=${tb.sim.grantCode(ATHLETE_ID)}&scope=read`, { headers });
    expect(replay.status).toBe(400);
    const forged = await tb.rt.request(`/auth/strava/callback?state=abc.def&code=x&scope=read`, { headers });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('binds the state to the browser that started the flow: a callback opened elsewhere is refused (login CSRF)', async () => {
    tb = await make();
    const { rt, sim } = tb;
    // The attacker starts a flow in their own browser and stops before the callback.
    const attacker = await startConnect(tb);
    const bindingSet = attacker.response.headers.getSetCookie().find((c) => c.startsWith('hardday_oauth_strava=')) ?? '';
    expect(bindingSet).toMatch(/HttpOnly/i);
    expect(bindingSet).toMatch(/SameSite=Lax/i);
    expect(bindingSet).toMatch(/Max-Age=600/i);
    expect(bindingSet).toMatch(/Path=\/auth\/strava/i);
    expect(bindingSet).not.toMatch(/Secure/i);
    expect(bindingSet).not.toContain(attacker.state.split('.')[0] ?? '-');
    const callback = `/auth/strava/callback?state=${encodeURIComponent(attacker.state)}&code=${sim.grantCode(ATHLETE_ID)}&scope=read,activity:read_all,profile:read_all`;

    // The victim opens it: without the cookie, or with the cookie of their own flow.
    const victim = await startConnect(tb);
    for (const headers of [{}, { cookie: victim.bindingCookie }] as Array<Record<string, string>>) {
      const res = await rt.request(callback, { headers });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual(expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringMatching(/browser/) }));
      expect(cookieSet(res, 'hardday_session')).toBeUndefined();
    }
    expect(await stravaConnection(rt)).toBeUndefined();
    expect(sim.count('POST', /\/oauth\/token/)).toBe(0);

    // The browser that started it completes it, and the binding cookie is cleared.
    const own = await rt.request(callback, { headers: { cookie: attacker.bindingCookie } });
    expect(own.status).toBe(302);
    expect(cookieSet(own, 'hardday_session')).toBeDefined();
    expect(own.headers.getSetCookie().find((c) => c.startsWith('hardday_oauth_strava='))).toMatch(/Max-Age=0/i);
    expect((await stravaConnection(rt))?.status).toBe('active');
  });

  it('marks the binding cookie Secure when PUBLIC_URL is https', async () => {
    tb = await make({ PUBLIC_URL: 'https://hardday.example' });
    const { response } = await startConnect(tb);
    expect(response.headers.getSetCookie().find((c) => c.startsWith('hardday_oauth_strava='))).toMatch(/Secure/);
  });

  it('connects a runner who unticked activity access, tells them, and flags re-consent', async () => {
    tb = await make();
    const { cookie, response } = await connectThroughApp(tb, { scope: 'read', accept: 'application/json' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { connected: boolean; missingScopes: string[]; syncing: boolean };
    expect(body).toEqual(expect.objectContaining({ connected: true, syncing: false }));
    expect(body.missingScopes).toEqual(['activity:read_all', 'profile:read_all']);
    expect(await jobsOfKind(tb.rt, STRAVA_JOB.backfill)).toHaveLength(0);

    const html = await connectThroughApp(tb, { scope: 'read,activity:read' });
    expect(html.response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.response.text()).toContain('activity:read_all');

    const me = (await (await tb.rt.request('/api/me/connections', { headers: { cookie } })).json()) as { connections: Array<{ needsReconsent: boolean; missingScopes: string[] }> };
    expect(me.connections[0]?.missingScopes).toEqual(['activity:read_all', 'profile:read_all']);
  });

  it('retries the code exchange once when Strava refuses a fresh code', async () => {
    tb = await make();
    const { rt, sim } = tb;
    const { url, binding } = await startStravaConnect(rt.deps, undefined);
    const state = new URL(url).searchParams.get('state') ?? '';
    sim.failNext('POST', /\/oauth\/token/, { status: 400, body: { message: 'Bad Request', errors: [{ resource: 'AuthorizationCode', field: 'code', code: 'invalid' }] } });
    const waits: number[] = [];
    const result = await completeStravaConnect(rt.deps, { state, code: sim.grantCode(ATHLETE_ID), scope: 'read,activity:read_all,profile:read_all', binding }, { wait: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([2_000]);
    expect(result.connection.status).toBe('active');
    expect(sim.count('POST', /\/oauth\/token/)).toBe(2);
  });

  it('disconnect revokes at Strava and purges the Strava data', async () => {
    tb = await make();
    const { rt, sim } = tb;
    sim.putActivity(ATHLETE_ID, { id: 333, start_date: '2026-11-18T07:00:00Z', start_date_local: '2026-11-18T08:00:00Z' });
    const { cookie } = await connectThroughApp(tb);
    await rt.runner.drain();
    expect(await stravaActivities(rt)).toHaveLength(1);

    const res = await rt.request('/api/me/connections/strava', { method: 'DELETE', headers: { cookie } });
    expect(res.status).toBe(200);
    expect(sim.count('POST', /\/oauth\/revoke/)).toBe(1);
    expect(sim.athletes.get(ATHLETE_ID)?.revoked).toBe(true);
    expect(await stravaActivities(rt)).toHaveLength(0);
    const connection = await stravaConnection(rt);
    expect(connection?.status).toBe('revoked');
    expect(connection?.accessTokenSealed).toBeNull();
    const audits = await rt.deps.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'strava.disconnected'));
    expect(audits).toHaveLength(1);
    const again = await rt.request('/api/me/connections/strava', { method: 'DELETE', headers: { cookie } });
    expect(again.status).toBe(404);
  });

  it('keeps everything when Strava cannot be reached to revoke', async () => {
    tb = await make();
    const { cookie } = await connectThroughApp(tb);
    tb.sim.failNext('POST', /\/oauth\/revoke/, { status: 503, body: { message: 'Service Unavailable' } });
    const res = await tb.rt.request('/api/me/connections/strava', { method: 'DELETE', headers: { cookie } });
    expect(res.status).toBe(502);
    expect((await stravaConnection(tb.rt))?.status).toBe('active');
  });

  it('answers 503 NOT_CONFIGURED when Strava is disabled', async () => {
    const rt = await makeTestRuntime();
    try {
      for (const path of ['/auth/strava', '/auth/strava/callback?code=x&state=y', '/webhooks/strava?hub.mode=subscribe&hub.challenge=x&hub.verify_token=y']) {
        const res = await rt.request(path);
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_CONFIGURED');
      }
      const post = await rt.request('/webhooks/strava', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(post.status).toBe(503);
    } finally {
      await rt.dispose();
    }
  });
});
