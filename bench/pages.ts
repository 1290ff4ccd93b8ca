/**
 * Page benchmarks (`npm run bench -- pages`, or standalone `npx tsx bench/pages.ts`): the coach roster for 50 athletes with a
 * year of history each, the runner's plan page, and the plan page's total compressed transfer
 * (HTML + CSS + JS), each against `/healthz` in the same run, over real HTTP on loopback.
 * Targets: roster p95 < 100 ms, plan p95 < 50 ms, plan transfer < 100 KB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createAuthSession } from '../src/db/repositories/auth';
import { createUser, grantCoach } from '../src/db/repositories/users';
import { daysTable } from '../src/db/schema';
import { addDays } from '../src/core/dates';
import { createLogger } from '../src/core/log';
import { requestReplan } from '../src/planning/request';
import { createNodeRuntime } from '../src/platform/node/runtime';
import { SESSION_COOKIE } from '../src/http/env';
import type { BenchReport } from './report';

const ATHLETES = 50;
const HISTORY_DAYS = 365;
const WARMUP = 20;
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(url: string, cookie: string | undefined): Promise<{ p50: number; p95: number; max: number }> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
  if (cookie) headers['cookie'] = cookie;
  for (let i = 0; i < WARMUP; i++) await (await fetch(url, { headers })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return { p50: r(percentile(times, 50)), p95: r(percentile(times, 95)), max: r(times[times.length - 1] ?? 0) };
}

/** Bytes on the wire (gzip as the browser asks for it). */
function wireBytes(url: string, cookie?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip', ...(cookie ? { cookie } : {}) } }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => {
        n += chunk.length;
      });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

/** The pages bench as `npm run bench` reports it (`BENCH_SAMPLES` requests per page, default 200). */
export async function benchPages(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'hardday-bench-pages-'));
  const rt = await createNodeRuntime(
    { DATABASE_PATH: join(dir, 'bench.db'), SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent' },
    { logger: createLogger('silent') },
  );
  const { db, clock } = rt.deps;
  const today = new Date(clock.now()).toISOString().slice(0, 10);
  const coach = await createUser(db, { displayName: 'Coach' });
  const athletes: string[] = [];
  for (let a = 0; a < ATHLETES; a++) {
    const user = await createUser(db, { displayName: `Athlete ${String(a).padStart(2, '0')}`, timeZone: 'Europe/Berlin' });
    athletes.push(user.id);
    await grantCoach(db, user.id, coach.id);
    const rows: Array<typeof daysTable.$inferInsert> = [];
    for (let i = HISTORY_DAYS; i >= 0; i--) {
      const dow = i % 7;
      const cls = dow === 2 || dow === 5 ? 'hard' : dow === 0 ? 'off' : 'easy';
      const load = cls === 'hard' ? 90 + ((a + i) % 30) : cls === 'easy' ? 35 + ((a * 7 + i) % 15) : 0;
      rows.push({ userId: user.id, date: addDays(today, -i), dayClass: cls, source: 'actual', load, evidence: [cls === 'hard' ? 'workout (tagged)' : cls === 'easy' ? 'easy run: no hard signal' : 'no run'], activities: cls === 'off' ? [] : [{ id: `${a}-${i}`, sport: 'run', name: 'Run', durationS: 3000, load, loadMethod: 'hr' }], updatedAtMs: 0 });
    }
    for (let i = 0; i < rows.length; i += 400) await db.insert(daysTable).values(rows.slice(i, i + 400));
    await requestReplan(rt.deps, user.id, { delayMs: 0 });
  }
  await rt.runner.drain();
  const coachCookie = `${SESSION_COOKIE}=${await createAuthSession(db, coach.id, clock.now())}`;
  const runnerCookie = `${SESSION_COOKIE}=${await createAuthSession(db, athletes[0] ?? '', clock.now())}`;

  const server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const planHtml = await (await fetch(`${base}/plan`, { headers: { cookie: runnerCookie } })).text();
    const sessions = (planHtml.match(/<article class="session"/g) ?? []).length;
    const healthz = await measure(`${base}/healthz`, undefined);
    const roster = await measure(`${base}/coach`, coachCookie);
    const plan = await measure(`${base}/plan`, runnerCookie);
    const assets = [...planHtml.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    const transfer: Record<string, number> = { '/plan': await wireBytes(`${base}/plan`, runnerCookie) };
    for (const a of assets) transfer[a] = await wireBytes(`${base}${a}`);
    const totalKB = Math.round((Object.values(transfer).reduce((s, n) => s + n, 0) / 1024) * 10) / 10;
    const result = {
      samples: SAMPLES,
      athletes: ATHLETES,
      historyDays: HISTORY_DAYS,
      planSessions: sessions,
      healthzMs: healthz,
      coachRosterMs: roster,
      planPageMs: plan,
      planTransferBytes: transfer,
      planTransferKB: totalKB,
      targets: { rosterP95Ms: 100, planP95Ms: 50, planTransferKB: 100 },
      pass: { roster: roster.p95 < 100, plan: plan.p95 < 50, transfer: totalKB < 100 },
    };
    console.error(JSON.stringify(result, null, 2));
    return {
      name: 'pages',
      description: `coach roster (${ATHLETES} athletes × ${HISTORY_DAYS} days) and the plan page over HTTP on loopback, ${SAMPLES} samples each; the plan page's compressed transfer (HTML + CSS + JS)`,
      metrics: { rosterP50Ms: roster.p50, rosterP95Ms: roster.p95, planP50Ms: plan.p50, planP95Ms: plan.p95, planTransferKB: totalKB },
      baseline: { description: '/healthz in the same run', metrics: { healthzP50Ms: healthz.p50, healthzP95Ms: healthz.p95 } },
      ratio: Math.round((roster.p95 / healthz.p95) * 10) / 10,
      target: 'roster p95 < 100 ms, plan p95 < 50 ms, plan transfer < 100 KB',
      met: result.pass.roster && result.pass.plan && result.pass.transfer,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rt.runner.stop(1_000);
    rt.database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  benchPages().then(
    (report) => console.log(JSON.stringify(report, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
