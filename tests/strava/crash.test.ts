/**
 * Crash test: a real server process (`node --import tsx src/entries/node.ts serve`) receives a
 * stream of Strava events and is SIGKILLed several times while it processes them. Events whose
 * POST got no answer are redelivered (as Strava does), some are delivered twice. After the last
 * restart every event's activity is stored exactly once, each fetched a bounded number of times.
 * Every kill lands while a fetch is provably in flight (its answer held by the fake Strava).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { upsertConnection } from '../../src/db/repositories/connections';
import { setMeta } from '../../src/db/repositories/meta';
import { createUser } from '../../src/db/repositories/users';
import { createNodeRuntime } from '../../src/platform/node/runtime';
import { type FakeStravaServer, startFakeStravaServer } from '../helpers/fake-strava-server';
import { TEST_SECRET_KEY } from '../helpers/runtime';
import { ATHLETE_ID, STRAVA_ENV, SUBSCRIPTION_ID } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hardday-crash-'));
const children: ChildProcess[] = [];
let fake: FakeStravaServer | undefined;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function childEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...STRAVA_ENV,
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'http://127.0.0.1',
    DATABASE_PATH: join(dir, 'hardday.db'),
    SECRET_KEY: TEST_SECRET_KEY,
    STRAVA_API_URL: fake?.apiUrl ?? '',
    STRAVA_OAUTH_URL: fake?.oauthUrl ?? '',
    STRAVA_FETCH_DELAY_MS: '50',
    STRAVA_TIMEOUT_MS: '2000',
    // 80 genuine events for one athlete in a burst: every one fetched (the flood bound is tested elsewhere)
    STRAVA_PENDING_FETCHES_PER_ATHLETE: '100',
    JOB_LEASE_MS: '1000',
    JOB_POLL_MS: '20',
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'error',
  };
}

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/entries/node.ts', 'serve'], { cwd: process.cwd(), env: childEnv(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { listening: number }).listening }));
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Deliver one event; false when the server did not answer 200 (Strava would retry). */
async function deliver(port: number, body: object): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/strava`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function scalar(query: string): number {
  const db = new Database(join(dir, 'hardday.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(query).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function storedCounts(): Map<string, number> {
  const db = new Database(join(dir, 'hardday.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("select external_id as id, count(*) as n from activities where provider = 'strava' group by external_id").all() as Array<{ id: string; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  } finally {
    db.close();
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    // Polling another process's database: there is no event to await across the process boundary.
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('crash safety of the Strava ingest', () => {
  it('stores every event’s activity exactly once across several SIGKILLs', async () => {
    fake = await startFakeStravaServer({ now: Date.now, clientId: STRAVA_ENV.STRAVA_CLIENT_ID, clientSecret: STRAVA_ENV.STRAVA_CLIENT_SECRET, enforceLimits: false, latencyMs: 15 });
    const athlete = fake.sim.addAthlete(ATHLETE_ID);

    // Seed the database: a connected runner and the stored subscription id.
    const seed = await createNodeRuntime({ ...childEnv(), LOG_LEVEL: 'silent' } as Record<string, string>);
    const user = await createUser(seed.deps.db, { displayName: 'Crash Test' });
    await upsertConnection(seed.deps.db, seed.deps.secrets, {
      userId: user.id,
      provider: 'strava',
      externalId: String(ATHLETE_ID),
      scopes: 'read,activity:read_all,profile:read_all',
      tokens: { accessToken: athlete.accessToken, refreshToken: athlete.refreshToken, expiresAtMs: athlete.expiresAtS * 1000 },
      nowMs: Date.now(),
    });
    await setMeta(seed.deps.db, 'strava.subscription_id', String(SUBSCRIPTION_ID), Date.now());
    seed.database.close();

    const total = 80;
    const ids: number[] = [];
    const base = Date.parse('2026-11-01T06:00:00Z');
    for (let i = 0; i < total; i++) {
      const start = base + i * 3 * 3600_000;
      const a = fake.sim.putActivity(ATHLETE_ID, { start_date: new Date(start).toISOString(), start_date_local: new Date(start + 3600_000).toISOString() });
      ids.push(a['id'] as number);
    }
    const eventFor = (id: number, i: number) => ({ aspect_type: 'create', event_time: 1_763_000_000 + i, object_id: id, object_type: 'activity', owner_id: ATHLETE_ID, subscription_id: SUBSCRIPTION_ID, updates: {} });

    let server = await startServer();
    const undelivered: number[] = [];
    const killAt = new Set([17, 38, 59]);
    let kills = 0;
    const runningAtKill: number[] = [];
    for (let i = 0; i < total; i++) {
      const id = ids[i] as number;
      if (!(await deliver(server.port, eventFor(id, i)))) undelivered.push(i);
      // Redeliver an earlier event now and then (a slow ack makes Strava send it again).
      if (i % 7 === 3) await deliver(server.port, eventFor(ids[i - 2] as number, i - 2));
      if (killAt.has(i)) {
        // Hold the answer of the next activity fetch and kill the process while it waits for it.
        const held = fake.sim.holdNext('GET', /\/activities\/\d+$/);
        const inFlight = await Promise.race([held.arrived.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
        expect(inFlight).toBe(true);
        await killHard(server.child);
        held.release();
        runningAtKill.push(scalar("select count(*) as n from jobs where kind = 'strava.activity.fetch' and status = 'running'"));
        kills++;
        // Strava keeps delivering while we are down: those attempts fail and are retried later.
        for (let j = i + 1; j < Math.min(total, i + 3); j++) {
          if (!(await deliver(server.port, eventFor(ids[j] as number, j)))) undelivered.push(j);
        }
        i += 2;
        server = await startServer();
        for (const j of undelivered.splice(0)) expect(await deliver(server.port, eventFor(ids[j] as number, j))).toBe(true);
      }
    }
    expect(kills).toBe(3);
    // every kill interrupted a fetch that had started (its job still marked running by the dead process)
    expect(runningAtKill.every((n) => n >= 1)).toBe(true);

    const done = await waitFor(() => storedCounts().size === total, 60_000);
    const counts = storedCounts();
    expect(done).toBe(true);
    expect([...counts.keys()].sort()).toEqual(ids.map(String).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Each activity was fetched once, or again after a kill interrupted its fetch: no retry storm.
    const fetchesById = new Map<string, number>();
    for (const c of fake.sim.calls) {
      const m = /\/activities\/(\d+)$/.exec(c.path);
      if (c.method === 'GET' && m?.[1]) fetchesById.set(m[1], (fetchesById.get(m[1]) ?? 0) + 1);
    }
    expect([...fetchesById.keys()].sort()).toEqual(ids.map(String).sort());
    expect(Math.max(...fetchesById.values())).toBeLessThanOrEqual(1 + kills);
    // (a fetch repeated at most once per job a kill left running)
    const repeated = [...fetchesById.values()].reduce((a, b) => a + b, 0) - total;
    expect(repeated).toBeLessThanOrEqual(runningAtKill.reduce((a, b) => a + b, 0));

    expect(await waitFor(() => scalar("select count(*) as n from webhook_inbox where status = 'pending'") === 0, 10_000)).toBe(true);
    expect(scalar("select count(*) as n from jobs where status = 'dead' and kind like 'strava.%'")).toBe(0);
    await killHard(server.child);
  }, 120_000);
});
