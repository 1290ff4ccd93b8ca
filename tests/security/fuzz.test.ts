/**
 * Hostile input against every route of the app (enumerated from Hono's route table): random and
 * malformed bodies under any content type, hostile path parameters and query strings, as an
 * anonymous caller, a signed-in runner (same-origin and cross-origin) and an API token. Asserts:
 * no 5xx, and a refused request (4xx) changes no row of any table.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/db/repositories/auth';
import { setMeta } from '../../src/db/repositories/meta';
import { STRAVA_SUBSCRIPTION_META } from '../../src/strava/ingest';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { GOOGLE_ENV } from '../msw/google';
import { STRAVA_ENV, SUBSCRIPTION_ID } from '../strava/helpers';

/** No request leaves the machine: every provider answers a plain 400, as for a bad code. */
const closedNetwork: typeof fetch = async () =>
  new Response(JSON.stringify({ message: 'Bad Request', errors: [{ resource: 'AuthorizationCode', field: 'code', code: 'invalid' }] }), {
    status: 400,
    headers: { 'content-type': 'application/json' },
  });

let rt: TestRuntime;
let identities: Array<Record<string, string>>;
let routes: Array<{ method: string; path: string }>;

beforeAll(async () => {
  rt = await makeTestRuntime({ fetch: closedNetwork, env: { ...STRAVA_ENV, ...GOOGLE_ENV, GARMIN_CLIENT_ID: 'garmin-client-id', GARMIN_CLIENT_SECRET: 'garmin-client-secret' } });
  await setMeta(rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), rt.clock.now());
  const owner = await signedInUser(rt);
  const runner = await signedInUser(rt);
  const coach = await signedInUser(rt, { role: 'coach' });
  const { token } = await createApiToken(rt.deps.db, runner.user.id, 'fuzz');
  identities = [
    {},
    { cookie: owner.cookie, origin: 'http://hardday.test' },
    { cookie: runner.cookie, 'sec-fetch-site': 'same-origin' },
    { cookie: runner.cookie, origin: 'http://hardday.test:8080' },
    { cookie: coach.cookie, origin: 'http://hardday.test' },
    { authorization: `Bearer ${token}` },
    { authorization: 'Bearer forged' },
  ];
  const seen = new Set<string>();
  routes = rt.app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
});
afterAll(async () => {
  await rt?.dispose();
});

/** A digest per table of every row (sqlite_master enumerates the tables). */
function databaseDigest(): string {
  const sqlite = rt.database.sqlite;
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as Array<{ name: string }>;
  const parts: string[] = [];
  for (const { name } of tables) {
    const hash = createHash('sha256');
    for (const row of sqlite.prepare(`select * from "${name}"`).iterate()) {
      // Bookkeeping, not data: the time an API token was last presented.
      hash.update(JSON.stringify(row, (k, v) => (k === 'last_used_at_ms' ? undefined : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
    }
    parts.push(`${name}=${hash.digest('hex').slice(0, 16)}`);
  }
  return parts.join(' ');
}

function changedTables(before: string, after: string): string {
  const a = before.split(' ');
  const b = after.split(' ');
  return b.filter((x, i) => x !== a[i]).map((x) => x.split('=')[0]).join(',');
}

const hostileSegment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('..', '%2e%2e', '%00', "' or 1=1 --", '<script>', 'x'.repeat(5_000), '😀', '%ZZ', '../../etc/passwd', 'null', '-1', '1e309', '00000000-0000-0000-0000-000000000000'),
);
const hostileBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"url":"http://127.0.0.1/"}', '{"kind":"google"}', '{"kind":"caldav","url":"http://localhost/","username":"a","password":"b"}', '{"date":"2027-02-30","distanceM":1e309}', '{"__proto__":{"x":1}}', '[]', 'null'),
  fc.record({ aspect_type: fc.constantFrom('create', 'update', 'delete'), object_type: fc.constantFrom('activity', 'athlete'), object_id: fc.nat(), owner_id: fc.nat(), subscription_id: fc.nat(), event_time: fc.nat(), updates: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 })) }).map((v) => JSON.stringify(v)),
);
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '', 'application/merge-patch+json');
const query = fc.dictionary(fc.constantFrom('from', 'to', 'state', 'code', 'scope', 'error', 'hub.mode', 'hub.challenge', 'hub.verify_token', 'date', 'limit'), hostileSegment, { maxKeys: 4 });

function fillPath(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, () => encodeURIComponent(values[i++ % values.length] ?? 'x'));
}

describe('fuzz: every route under hostile input', () => {
  it('enumerates the app\'s routes', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.some((r) => r.method === 'POST' && r.path === '/webhooks/strava')).toBe(true);
  });

  it('answers no 5xx, and a refused request changes no row', async () => {
    const failures: string[] = [];
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.array(hostileSegment, { minLength: 1, maxLength: 3 }),
        query,
        hostileBody,
        contentType,
        async (routeIndex, identityIndex, segments, params, body, type) => {
          const route = routes[routeIndex % routes.length] ?? { method: 'GET', path: '/' };
          const headers: Record<string, string> = { ...identities[identityIndex % identities.length] };
          if (type) headers['content-type'] = type;
          const search = new URLSearchParams(params).toString();
          const url = `${fillPath(route.path, segments)}${search ? `?${search}` : ''}`;
          const withBody = route.method !== 'GET' && route.method !== 'HEAD';
          const before = databaseDigest();
          const res = await rt.request(url, { method: route.method, headers, ...(withBody ? { body } : {}) });
          await res.arrayBuffer();
          requests++;
          if (res.status >= 500) failures.push(`${res.status} ${route.method} ${url}`);
          else if (res.status >= 400) {
            const after = databaseDigest();
            if (after !== before) failures.push(`${res.status} changed ${changedTables(before, after)}: ${route.method} ${url.slice(0, 120)} ${type} ${body.slice(0, 80)}`);
          }
          return true;
        },
      ),
      { numRuns: 400, interruptAfterTimeLimit: 6_000, seed: 20_261_130 },
    );
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
  }, 30_000);
});
