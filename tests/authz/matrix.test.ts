/**
 * The authorization matrix: every route of the app (enumerated from the app itself, so a new
 * route fails this test until it is classified here) against six identities: anonymous, the
 * runner, another runner, a coach who signed up through the runner's invitation but has not
 * accepted, a granted coach and a revoked coach. Only the right ones get 2xx (or a page's 303);
 * the rest get 401/403/404 and the database does not change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimInvitation, createInvitation } from '../../src/account/invitations';
import { createTarget } from '../../src/calendar/targets';
import { upsertActivity } from '../../src/db/repositories/activities';
import { createApiToken } from '../../src/db/repositories/auth';
import { addRace, insertSession } from '../../src/db/repositories/planning';
import { grantCoach, revokeCoach } from '../../src/db/repositories/users';
import { planSourcesTable } from '../../src/db/schema';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';

const IDENTITIES = ['anonymous', 'runner', 'other', 'invited', 'granted', 'revoked'] as const;
type Identity = (typeof IDENTITIES)[number];

interface Fixture {
  cookies: Record<Exclude<Identity, 'anonymous'>, string>;
  ids: Record<Exclude<Identity, 'anonymous'>, string>;
  raceId: string;
  sessionId: string;
  activityId: string;
  targetId: string;
  planSourceId: string;
  tokenId: string;
  inviteId: string;
  inviteCode: string;
  importId: string;
}

/**
 * - public: anyone (own authentication: a secret in the path, a webhook signature, or none needed)
 * - signedIn: acts on the caller's own account only: anonymous 401, any signed-in person 2xx
 * - athlete: the runner's data by athlete id: the runner and a granted coach
 * - coachView: the coach's view of an athlete: a granted coach only
 * - owned: a resource of the runner's by id: the runner only
 * - coachOfRunner: a coach acting on their grant: the granted coach only
 */
type Access = 'public' | 'signedIn' | 'athlete' | 'coachView' | 'owned' | 'coachOfRunner' | 'serverOwner';

interface Spec {
  access: Access;
  path?: (f: Fixture) => string;
  json?: (f: Fixture) => unknown;
  form?: (f: Fixture) => Record<string, string>;
  /** statuses that count as "allowed" for the allowed identity when not 2xx (e.g. a validation error on a dummy body) */
  allowedStatus?: number[];
}

const SPECS: Record<string, Spec> = {
  'GET /healthz': { access: 'public' },
  'GET /healthz/detail': { access: 'serverOwner' },
  'GET /calendar/:file': { access: 'public' },
  'GET /auth/google/callback': { access: 'public' },
  'GET /auth/strava': { access: 'public' },
  'GET /auth/strava/callback': { access: 'public' },
  'GET /webhooks/strava': { access: 'public' },
  'POST /webhooks/strava': { access: 'public' },
  'GET /assets/:name': { access: 'public' },
  'GET /favicon.ico': { access: 'public' },
  'GET /login': { access: 'public' },
  'POST /login': { access: 'public' },
  'GET /signup': { access: 'public' },
  'POST /signup': { access: 'public' },
  'POST /logout': { access: 'public' },
  'GET /': { access: 'public' },
  'GET /invite/:code': { access: 'public' },
  'POST /api/auth/signup': { access: 'public' },
  'POST /api/auth/login': { access: 'public' },
  'GET /api/auth/session': { access: 'public' },
  'GET /auth/garmin/callback': { access: 'public' },
  'POST /webhooks/garmin/:type': { access: 'public' },
  // the form bridge forwards to the API route named in its path, whose own rules apply (tests/api/form-bridge.test.ts)
  'POST /form/*': { access: 'public' },

  'POST /logout-everywhere': { access: 'signedIn', form: () => ({}) },
  'POST /invite/:code/accept': { access: 'signedIn', path: (f) => `/invite/${f.inviteCode}/accept`, form: () => ({}), allowedStatus: [410] },
  'GET /start': { access: 'signedIn' },
  'GET /plan': { access: 'signedIn' },
  'GET /history': { access: 'signedIn' },
  'GET /settings': { access: 'signedIn' },
  'POST /settings/calendars/test': { access: 'signedIn', form: () => ({ url: 'http://127.0.0.1:9/', username: 'u', password: 'p' }), allowedStatus: [422] },
  'GET /privacy': { access: 'signedIn' },
  'GET /coach': { access: 'signedIn' },
  'GET /api/me': { access: 'signedIn' },
  'GET /api/me/settings': { access: 'signedIn' },
  'PUT /api/me/settings': { access: 'signedIn', json: () => ({ timeZone: 'Europe/Paris' }) },
  'GET /api/me/coaches': { access: 'signedIn' },
  'POST /api/me/coaches': { access: 'signedIn', json: () => ({ coachId: 'nobody' }), allowedStatus: [404] },
  'GET /api/coach/athletes': { access: 'signedIn' },
  'POST /api/me/api-tokens': { access: 'signedIn', json: () => ({ name: 'matrix' }) },
  'POST /api/auth/logout': { access: 'signedIn', json: () => ({}) },
  'POST /api/auth/logout-everywhere': { access: 'signedIn', json: () => ({}) },
  'PUT /api/me/password': { access: 'signedIn', json: () => ({ email: `m${Math.random().toString(36).slice(2)}@example.com`, password: 'a good long password' }) },
  'GET /api/me/invites': { access: 'signedIn' },
  'POST /api/me/invites': { access: 'signedIn', json: () => ({ kind: 'coach' }) },
  'POST /api/invites/:code/accept': { access: 'signedIn', path: (f) => `/api/invites/${f.inviteCode}/accept`, json: () => ({}), allowedStatus: [410] },
  'GET /api/me/export': { access: 'signedIn' },
  'DELETE /api/me': { access: 'signedIn' },
  'GET /api/me/days': { access: 'signedIn' },
  'GET /api/me/plan': { access: 'signedIn' },
  'GET /api/me/load': { access: 'signedIn' },
  'GET /api/me/races': { access: 'signedIn' },
  'POST /api/me/races': { access: 'signedIn', json: () => ({ date: '2027-04-20', distanceM: 42195, terrain: 'road', priority: 'A' }) },
  'GET /api/me/calendar-feed': { access: 'signedIn' },
  'POST /api/me/calendar-feed/rotate': { access: 'signedIn', json: () => ({}) },
  'GET /api/me/calendars': { access: 'signedIn' },
  'POST /api/me/calendars': { access: 'signedIn', json: () => ({ kind: 'caldav', url: 'http://127.0.0.1:9/', username: 'u', password: 'p' }), allowedStatus: [422] },
  'GET /api/me/plan-sources': { access: 'signedIn' },
  'POST /api/me/plan-sources': { access: 'signedIn', json: () => ({ url: 'http://127.0.0.1:9/plan.ics' }), allowedStatus: [422] },
  'GET /api/me/connections': { access: 'signedIn' },
  'DELETE /api/me/connections/strava': { access: 'signedIn', allowedStatus: [404] },
  'GET /auth/garmin': { access: 'signedIn', allowedStatus: [503] },
  'DELETE /api/me/connections/garmin': { access: 'signedIn', allowedStatus: [404, 503] },
  'POST /api/me/uploads': { access: 'signedIn', form: () => ({}), allowedStatus: [400, 415, 422] },
  'GET /api/me/imports': { access: 'signedIn' },

  'GET /api/athletes/:id/days': { access: 'athlete', path: (f) => `/api/athletes/${f.ids.runner}/days` },
  'GET /api/athletes/:id/plan': { access: 'athlete', path: (f) => `/api/athletes/${f.ids.runner}/plan` },
  'GET /api/athletes/:id/load': { access: 'athlete', path: (f) => `/api/athletes/${f.ids.runner}/load` },
  'GET /coach/athletes/:id': { access: 'coachView', path: (f) => `/coach/athletes/${f.ids.runner}` },
  'DELETE /api/coach/athletes/:athleteId': { access: 'coachOfRunner', path: (f) => `/api/coach/athletes/${f.ids.runner}` },

  'DELETE /api/me/races/:id': { access: 'owned', path: (f) => `/api/me/races/${f.raceId}` },
  'PUT /api/me/activities/:id/effort': { access: 'owned', path: (f) => `/api/me/activities/${f.activityId}/effort`, json: () => ({ rpe: 6 }) },
  'DELETE /api/me/calendars/:id': { access: 'owned', path: (f) => `/api/me/calendars/${f.targetId}` },
  'DELETE /api/me/plan-sources/:id': { access: 'owned', path: (f) => `/api/me/plan-sources/${f.planSourceId}` },
  'DELETE /api/me/api-tokens/:id': { access: 'owned', path: (f) => `/api/me/api-tokens/${f.tokenId}` },
  'DELETE /api/me/invites/:id': { access: 'owned', path: (f) => `/api/me/invites/${f.inviteId}` },
  'DELETE /api/me/imports/:id': { access: 'owned', path: (f) => `/api/me/imports/${f.importId}` },
  'DELETE /api/me/coaches/:coachId': { access: 'owned', path: (f) => `/api/me/coaches/${f.ids.granted}` },
  'POST /api/me/plan/:sessionId/log': { access: 'owned', path: (f) => `/api/me/plan/${f.sessionId}/log`, json: () => ({ status: 'done', effort: 6 }) },
  'GET /api/me/plan/:file{[^/]+\\.fit}': { access: 'owned', path: (f) => `/api/me/plan/${f.sessionId}.fit` },
  'POST /plan/:sessionId/log': { access: 'owned', path: (f) => `/plan/${f.sessionId}/log`, form: () => ({ status: 'done', effort: '6' }) },
};

function allowed(access: Access, who: Identity): boolean {
  switch (access) {
    case 'public':
      return true;
    case 'signedIn':
      return who !== 'anonymous';
    case 'athlete':
      return who === 'runner' || who === 'granted';
    case 'coachView':
    case 'coachOfRunner':
      return who === 'granted';
    case 'owned':
      return who === 'runner';
    case 'serverOwner':
      // the owner is the install's first account, made before any fixture (checked on its own below)
      return false;
  }
}

let rt: TestRuntime;
let ownerCookie = '';
beforeAll(async () => {
  rt = await makeTestRuntime({ env: { STRAVA_CLIENT_ID: '12345', STRAVA_CLIENT_SECRET: 'strava-client-secret', STRAVA_VERIFY_TOKEN: 'verify-token-0123' } });
  // the install's first account is the server owner; every fixture person comes later
  ownerCookie = (await signedInUser(rt)).cookie;
});
afterAll(async () => {
  await rt?.dispose();
});

async function fixture(): Promise<Fixture> {
  const { deps } = rt;
  const people = await Promise.all(['runner', 'other', 'invited', 'granted', 'revoked'].map(() => signedInUser(rt)));
  const [runner, other, invited, granted, revoked] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];
  await grantCoach(deps.db, runner.user.id, granted.user.id);
  await grantCoach(deps.db, runner.user.id, revoked.user.id);
  await revokeCoach(deps.db, runner.user.id, revoked.user.id, deps.clock.now());
  const invite = await createInvitation(deps, runner.user.id, 'coach');
  await claimInvitation(deps, invite.code, invited.user.id);
  const race = await addRace(deps.db, runner.user.id, { date: '2027-05-01', distanceM: 21097, terrain: 'road', priority: 'B' }, deps.clock.now());
  const sessionId = `ss_${crypto.randomUUID().slice(0, 8)}`;
  const content = { id: sessionId, date: '2026-11-22', start: '2026-11-22T18:30:00+01:00', durationMin: 30, title: 'Strength', kind: 'strength', exercises: [], rules: ['R1'], reasons: ['test'] };
  await insertSession(deps.db, { userId: runner.user.id, id: sessionId, date: content.date, start: content.start, content, contentHash: 'h', revision: 1, status: 'planned', updatedAtMs: 0 });
  const activityId = `tm-${crypto.randomUUID().slice(0, 8)}`;
  await upsertActivity(deps.db, runner.user.id, { provider: 'files', externalId: activityId, localDate: '2026-11-20', startLocal: '2026-11-20T07:00:00', utcOffsetMin: 60, startUtcMs: Date.parse('2026-11-20T06:00:00Z'), timeZone: 'Europe/Berlin', sport: 'treadmill_run', name: 'Treadmill', durationS: 2400, movingTimeS: 2400, distanceM: null, elevationGainM: null, avgHrBpm: null, maxHrBpm: null, hrZoneTimesS: null, workoutType: 'default', perceivedExertion: null, rawPayload: null, rawExpiresAtMs: null }, 0);
  const target = await createTarget(deps, { userId: runner.user.id, kind: 'caldav', settings: { serverUrl: 'http://127.0.0.1:9/', username: 'u' }, credentials: { password: 'p' } });
  const planSourceId = crypto.randomUUID();
  await deps.db.insert(planSourcesTable).values({ id: planSourceId, userId: runner.user.id, url: 'https://plans.example.com/a.ics' });
  const token = await createApiToken(deps.db, runner.user.id, 'fixture');
  const importId = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
  await upsertActivity(deps.db, runner.user.id, { provider: 'files', externalId: importId, localDate: '2026-11-18', startLocal: '2026-11-18T07:30:00', utcOffsetMin: 60, startUtcMs: Date.parse('2026-11-18T06:30:00Z'), sport: 'run', durationS: 1800, distanceM: 5000 }, deps.clock.now());
  return {
    cookies: { runner: runner.cookie, other: other.cookie, invited: invited.cookie, granted: granted.cookie, revoked: revoked.cookie },
    ids: { runner: runner.user.id, other: other.user.id, invited: invited.user.id, granted: granted.user.id, revoked: revoked.user.id },
    raceId: race.id,
    sessionId,
    activityId,
    targetId: target.id,
    planSourceId,
    tokenId: token.id,
    inviteId: invite.id,
    inviteCode: invite.code,
    importId,
  };
}

/** Every row of every table but the audit log (a denied request may be audited). */
async function snapshot(): Promise<string> {
  const tables = await rt.deps.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not in ('__drizzle_migrations', 'audit_log') order by name`);
  const out: Record<string, unknown> = {};
  for (const { name } of tables) out[name] = await rt.deps.db.all(sql.raw(`select * from "${name}" order by rowid`));
  return JSON.stringify(out);
}

function request(key: string, spec: Spec, f: Fixture, who: Identity): Promise<Response> {
  const [method, template] = key.split(' ') as [string, string];
  const path = spec.path ? spec.path(f) : template;
  const headers: Record<string, string> = { origin: 'http://hardday.test', 'sec-fetch-site': 'same-origin' };
  if (who !== 'anonymous') headers['cookie'] = f.cookies[who];
  let body: BodyInit | undefined;
  if (spec.json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.json(f));
  } else if (spec.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(spec.form(f)).toString();
  } else if (method !== 'GET' && method !== 'DELETE') {
    headers['content-type'] = 'application/json';
    body = '{}';
  }
  return rt.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
}

function appRoutes(): string[] {
  const keys = new Set<string>();
  for (const r of rt.app.routes) if (r.method !== 'ALL') keys.add(`${r.method} ${r.path}`);
  return [...keys].sort();
}

describe('authorization matrix', () => {
  it('lets the server owner, and only the owner, read /healthz/detail', async () => {
    expect((await rt.request('/healthz/detail', { headers: { cookie: ownerCookie } })).status).toBe(200);
  });

  it('classifies every route of the app', () => {
    const unclassified = appRoutes().filter((k) => !(k in SPECS));
    expect(unclassified, 'add these routes to SPECS in tests/authz/matrix.test.ts').toEqual([]);
    const stale = Object.keys(SPECS).filter((k) => !appRoutes().includes(k));
    expect(stale).toEqual([]);
  });

  const guarded = Object.entries(SPECS).filter(([, s]) => s.access !== 'public');
  it.each(guarded)('%s: only the right identities get 2xx; the rest change nothing', async (key, spec) => {
    const f = await fixture();
    const denied = IDENTITIES.filter((who) => !allowed(spec.access, who));
    for (const who of denied) {
      const before = await snapshot();
      const res = await request(key, spec, f, who);
      expect([401, 403, 404], `${key} as ${who}: ${res.status}`).toContain(res.status);
      if (who === 'anonymous') expect(res.status, `${key} anonymous`).toBe(401);
      expect(await snapshot(), `${key} as ${who} changed the database`).toBe(before);
    }
    // one allowed identity at a time, each on a fresh fixture (allowed requests may change state)
    for (const who of IDENTITIES.filter((w) => allowed(spec.access, w))) {
      const fresh = await fixture();
      const res = await request(key, spec, fresh, who);
      const ok = (res.status >= 200 && res.status < 300) || res.status === 303 || (spec.allowedStatus ?? []).includes(res.status);
      expect(ok, `${key} as ${who}: ${res.status} ${ok ? '' : await res.text()}`).toBe(true);
    }
  });
});
