/**
 * Strava benchmarks (issue 4):
 * (a) `benchStravaIngest` — `POST /webhooks/strava` with the durable inbox insert + enqueue,
 *     against a bare Hono handler on the same server in the same run, driven by autocannon:
 *     throughput at full load and latency at a fixed 1,000 events/s.
 * (b) `benchStravaCalls` — Strava calls (REST + token refreshes) per ingested activity over a
 *     simulated week: 10 runners connect (12-week backfill), then upload runs, rides and strength
 *     sessions with the event noise Strava produces (update bursts, renames, type changes,
 *     redeliveries, deletes), on a simulated clock so access tokens really expire.
 * (c) `benchStravaBurst` — 429s received while 2,000 create events are processed under a
 *     100-per-15-minutes read budget (simulated clock), against a client without the governor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { startChild } from '../tests/helpers/child';
import { join } from 'node:path';
import { silentLogger } from '../src/core/log';
import { completeStravaConnect, startStravaConnect } from '../src/strava/connect';
import { createStravaSim, type StravaSim } from '../tests/msw/strava';
import { makeTestRuntime, manualClock, type TestRuntime } from '../tests/helpers/runtime';
import type { BenchReport } from './report';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const STRAVA_ENV = {
  STRAVA_CLIENT_ID: '12345',
  STRAVA_CLIENT_SECRET: 'strava-client-secret',
  STRAVA_VERIFY_TOKEN: 'verify-token-0123',
};
const SUBSCRIPTION_ID = 120_475;
const OWNER = 134_815;
const SATURATING_CONNECTIONS = 50;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// (a) webhook ingest

export async function benchStravaIngest(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'hardday-bench-ingest-'));
  const server = startChild(join(import.meta.dirname, 'fixtures/ingest-server.ts'), {
    ...STRAVA_ENV,
    DATABASE_PATH: join(dir, 'bench.db'),
    SECRET_KEY: 'b'.repeat(40),
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    BENCH_OWNER: String(OWNER),
    BENCH_SUBSCRIPTION_ID: String(SUBSCRIPTION_ID),
  });
  const { listening } = await server.waitFor<{ listening: number }>((m) => m.listening !== undefined);
  const base = `http://127.0.0.1:${listening}`;

  let n = 0;
  const request = (path: string) => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    setupRequest: (req: Record<string, unknown>) => ({
      ...req,
      body: JSON.stringify({ aspect_type: 'create', event_time: 1_763_640_000 + n, object_id: 16_000_000_000 + n++, object_type: 'activity', owner_id: OWNER, subscription_id: SUBSCRIPTION_ID, updates: {} }),
    }),
  });
  const load = (path: string, extra: Record<string, unknown>) => autocannon({ url: base, connections: 10, duration: 4, requests: [request(path)], ...extra });

  try {
    await load('/bench/bare', { duration: 1 });
    await load('/webhooks/strava', { duration: 1 });
    // Peak throughput at saturation: with few connections the durable endpoint is latency-bound
    // (every request waits for the commit holding its row) and leaves the CPU idle.
    const saturate = { connections: SATURATING_CONNECTIONS };
    const rawMax = await load('/bare', saturate);
    const bareMax = await load('/bench/bare', saturate);
    const durableMax = await load('/webhooks/strava', saturate);
    const bareAt10 = await load('/bench/bare', {});
    const durableAt10 = await load('/webhooks/strava', {});
    const bareAt1k = await load('/bench/bare', { overallRate: 1_000, duration: 5 });
    const durableAt1k = await load('/webhooks/strava', { overallRate: 1_000, duration: 5 });
    const failures = durableMax.non2xx + durableMax.errors + durableAt10.non2xx + durableAt10.errors + durableAt1k.non2xx + durableAt1k.errors;
    const ratio = round(durableMax.requests.average / bareMax.requests.average);
    return {
      name: 'strava-ingest',
      description: 'POST /webhooks/strava (zod, subscription check, owner lookup, inbox insert, job enqueue) vs a bare Hono JSON handler, same server process, autocannon in the bench process (peak at 50 connections; also at 10)',
      metrics: {
        requestsPerS: round(durableMax.requests.average, 0),
        requestsPerSAt10Connections: round(durableAt10.requests.average, 0),
        p50MsAt1000PerS: durableAt1k.latency.p50,
        p99MsAt1000PerS: durableAt1k.latency.p99,
        failedRequests: failures,
      },
      baseline: {
        description: 'bare Hono handler parsing the same JSON body, mounted in the same app (same middleware); rawHonoRequestsPerS = the same handler outside the app',
        metrics: {
          requestsPerS: round(bareMax.requests.average, 0),
          requestsPerSAt10Connections: round(bareAt10.requests.average, 0),
          p50MsAt1000PerS: bareAt1k.latency.p50,
          p99MsAt1000PerS: bareAt1k.latency.p99,
          rawHonoRequestsPerS: round(rawMax.requests.average, 0),
        },
      },
      ratio,
      target: '≥ 0.5× bare throughput and p99 < 20 ms at 1,000 events/s, no failed request',
      met: ratio >= 0.5 && durableAt1k.latency.p99 < 20 && failures === 0,
    };
  } finally {
    server.proc.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// shared: a runtime on a simulated clock whose fetch goes to the simulation

interface SimBed {
  rt: TestRuntime;
  sim: StravaSim;
}

async function simBed(limits?: { overall: [number, number]; read: [number, number] }): Promise<SimBed> {
  const clock = manualClock('2026-11-16T00:00:00Z');
  const sim = createStravaSim({ now: () => clock.now(), clientId: STRAVA_ENV.STRAVA_CLIENT_ID, clientSecret: STRAVA_ENV.STRAVA_CLIENT_SECRET, ...(limits ? { limits } : {}) });
  const rt = await makeTestRuntime({ env: { ...STRAVA_ENV, STRAVA_FETCH_DELAY_MS: '20000', LOG_LEVEL: 'silent' }, clock, logger: silentLogger, fetch: sim.fetch });
  return { rt, sim };
}

async function connectAthlete(bed: SimBed, athleteId: number): Promise<void> {
  const started = await startStravaConnect(bed.rt.deps, undefined);
  const url = new URL(started.url);
  const code = bed.sim.grantCode(athleteId);
  await completeStravaConnect(bed.rt.deps, { state: url.searchParams.get('state') ?? '', code, scope: 'read,activity:read_all,profile:read_all', binding: started.binding });
}

async function post(rt: TestRuntime, body: object): Promise<void> {
  const res = await rt.request('/webhooks/strava', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
}

/** Advance the simulated clock to `untilMs`, running every job that falls due on the way. */
async function runUntil(rt: TestRuntime, untilMs: number, stepMs = 5_000): Promise<void> {
  await rt.runner.drain();
  while (rt.clock.now() < untilMs) {
    rt.clock.set(Math.min(untilMs, rt.clock.now() + stepMs));
    await rt.runner.drain();
  }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const isoZ = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---------------------------------------------------------------------------------------------
// (b) Strava calls per ingested activity

interface StreamEvent {
  atMs: number;
  body: object;
}

export async function benchStravaCalls(): Promise<BenchReport> {
  const bed = await simBed();
  const { rt, sim } = bed;
  const random = prng(42);
  const athletes = Array.from({ length: 10 }, (_, i) => 500_000 + i);
  const start = rt.clock.now();
  const sports = ['Run', 'Run', 'Run', 'Run', 'TrailRun', 'Ride', 'WeightTraining'];
  try {
    // History for the backfill: ~5 sessions a week over the last 12 weeks.
    let historical = 0;
    for (const a of athletes) {
      sim.addAthlete(a);
      for (let d = 84; d >= 1; d--) {
        if (random() > 0.7) continue;
        const t = start - d * 86_400_000 + Math.floor(random() * 12 + 6) * 3600_000;
        sim.putActivity(a, { start_date: isoZ(t), start_date_local: isoZ(t + 3600_000), sport_type: sports[Math.floor(random() * sports.length)] });
        historical++;
      }
    }
    for (const a of athletes) await connectAthlete(bed, a);
    await runUntil(rt, start + 60_000);
    const backfillCalls = sim.apiCalls();

    // A week of uploads with Strava's event noise.
    const events: StreamEvent[] = [];
    let created = 0;
    let eventTime = 1_763_300_000;
    for (let day = 0; day < 7; day++) {
      for (const a of athletes) {
        const sessions = random() < 0.15 ? 0 : random() < 0.35 ? 2 : 1;
        for (let s = 0; s < sessions; s++) {
          const uploadAt = start + day * 86_400_000 + Math.floor((6 + random() * 15) * 3600_000);
          const activityStart = uploadAt - 3600_000;
          const activity = sim.putActivity(a, { start_date: isoZ(activityStart), start_date_local: isoZ(activityStart + 3600_000), sport_type: sports[Math.floor(random() * sports.length)] });
          const id = activity['id'] as number;
          created++;
          const ev = (atMs: number, fields: object) => events.push({ atMs, body: { object_type: 'activity', object_id: id, owner_id: a, subscription_id: SUBSCRIPTION_ID, updates: {}, event_time: eventTime++, ...fields } });
          ev(uploadAt, { aspect_type: 'create' });
          if (random() < 0.1) events.push({ ...(events.at(-1) as StreamEvent), atMs: uploadAt + 120_000 }); // redelivery after a slow ack
          if (random() < 0.3) ev(uploadAt + 4_000, { aspect_type: 'update', updates: { title: 'Morning Run' } }); // burst right after upload
          if (random() < 0.25) ev(uploadAt + 3_600_000, { aspect_type: 'update', updates: { title: 'Easy one' } }); // renamed later
          if (random() < 0.05) ev(uploadAt + 2 * 3_600_000, { aspect_type: 'update', updates: { type: 'TrailRun' } }); // sport changed later
          if (random() < 0.04) {
            sim.removeActivity(id);
            ev(uploadAt + 5 * 3_600_000, { aspect_type: 'delete' });
          }
        }
      }
    }
    events.sort((x, y) => x.atMs - y.atMs);
    const callsBefore = sim.apiCalls();
    const refreshesBefore = sim.calls.filter((c) => c.path.endsWith('/oauth/token')).length;
    for (const e of events) {
      await runUntil(rt, e.atMs, 60_000);
      await post(rt, e.body);
    }
    await runUntil(rt, rt.clock.now() + 3_600_000, 30_000);

    const exchanges = athletes.length;
    const tokenCalls = sim.calls.filter((c) => c.path.endsWith('/oauth/token')).length;
    const refreshes = tokenCalls - exchanges;
    const streamRefreshes = tokenCalls - refreshesBefore;
    const streamApiCalls = sim.apiCalls() - callsBefore;
    const ingested = historical + created;
    const totalCalls = sim.apiCalls() + refreshes;
    const ratio = round(totalCalls / ingested, 3);
    const naive = historical + events.length + refreshes; // detail fetch per backfilled activity and per event delivered
    return {
      name: 'strava-calls',
      description: `simulated week: ${athletes.length} runners connect (12-week backfill, ${historical} activities) then upload ${created} sessions with ${events.length} webhook deliveries (bursts, renames, type changes, redeliveries, deletes)`,
      metrics: {
        callsPerActivity: ratio,
        apiCalls: sim.apiCalls(),
        tokenRefreshes: refreshes,
        activitiesIngested: ingested,
        backfillCalls,
        streamCallsPerNewActivity: round((streamApiCalls + streamRefreshes) / created, 3),
        streamFetchesPerNewActivity: round(streamApiCalls / created, 3),
        rateLimited: sim.rateLimited,
      },
      baseline: {
        description: 'naive client: one detail fetch per backfilled activity and per webhook delivery (same refresh count)',
        metrics: { callsPerActivity: round(naive / ingested, 3) },
      },
      ratio,
      target: '≤ 1.05 Strava calls per ingested activity, refreshes included',
      met: ratio <= 1.05,
    };
  } finally {
    await rt.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// (c) 429s during a 2,000-event burst under 100 requests / 15 min

export async function benchStravaBurst(): Promise<BenchReport> {
  const limits = { overall: [200, 2_000] as [number, number], read: [100, 1_000] as [number, number] };
  const bed = await simBed(limits);
  const { rt, sim } = bed;
  const athletes = Array.from({ length: 10 }, (_, i) => 600_000 + i);
  const total = 2_000;
  try {
    for (const a of athletes) {
      sim.addAthlete(a);
      await connectAthlete(bed, a);
    }
    await runUntil(rt, rt.clock.now() + 60_000);
    const start = rt.clock.now();
    for (let i = 0; i < total; i++) {
      const a = athletes[i % athletes.length] as number;
      const t = start - 86_400_000 + i * 1_000;
      const activity = sim.putActivity(a, { start_date: isoZ(t), start_date_local: isoZ(t) });
      await post(rt, { aspect_type: 'create', object_type: 'activity', object_id: activity['id'], owner_id: a, subscription_id: SUBSCRIPTION_ID, updates: {}, event_time: 1_763_500_000 + i });
    }
    const wallStart = performance.now();
    let stored = 0;
    const deadline = start + 4 * 86_400_000;
    while (rt.clock.now() < deadline) {
      await runUntil(rt, rt.clock.now() + 15 * 60_000, 60_000);
      stored = Number((rt.database.sqlite.prepare("select count(*) as n from activities where provider = 'strava'").get() as { n: number }).n);
      if (stored >= total) break;
    }
    const simulatedHours = round((rt.clock.now() - start) / 3_600_000, 1);
    const governed429 = sim.rateLimited;

    // Baseline in the same run: the same 2,000 fetches sent as they come, without a governor.
    const naiveSim = createStravaSim({ now: () => rt.clock.now(), clientId: STRAVA_ENV.STRAVA_CLIENT_ID, clientSecret: STRAVA_ENV.STRAVA_CLIENT_SECRET, limits });
    const naiveAthlete = naiveSim.addAthlete(1);
    for (let i = 0; i < total; i++) {
      const activity = naiveSim.putActivity(1);
      await naiveSim.fetch(`${naiveSim.apiUrl}/activities/${activity['id']}`, { headers: { Authorization: `Bearer ${naiveAthlete.accessToken}` } });
    }
    return {
      name: 'strava-burst',
      description: `${total} create events at once, read budget ${limits.read[0]}/15 min and ${limits.read[1]}/day (simulated clock, ${round((performance.now() - wallStart) / 1000, 1)} s wall time)`,
      metrics: { responses429: governed429, activitiesStored: stored, simulatedHours },
      baseline: { description: 'the same fetches sent without the governor', metrics: { responses429: naiveSim.rateLimited } },
      ratio: naiveSim.rateLimited === 0 ? 0 : round(governed429 / naiveSim.rateLimited, 3),
      target: '0 responses 429 and every activity stored',
      met: governed429 === 0 && stored === total,
    };
  } finally {
    await rt.dispose();
  }
}
