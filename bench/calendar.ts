/**
 * Calendar benchmarks (issue 5).
 *
 * `benchCalendarWrites`: remote calendar writes per replan, through the real replan, the real job
 * runner and SQLite, against the Google fake and a real Radicale server. A runner follows an
 * imported 4-week plan; we replan with nothing changed (target: 0 writes), then move one planned
 * run (target: writes = sessions the replan actually changed). Baseline: a sync that rewrites
 * every session of the plan on every replan.
 *
 * `benchWebhookToCalendar`: time from `POST /webhooks/strava` to the new sessions being in the ICS
 * feed and on the Radicale server (median, p95), wall-clock processing time with the designed
 * waits (replan debounce, Strava fetch delay) skipped on a manual clock.
 */
import { and, eq, min } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { basicAuthHeader } from '../integrations/shared/http';
import { setMeta } from '../src/db/repositories/meta';
import { connectionsTable, jobsTable, plannedSessionsTable, planSourcesTable } from '../src/db/schema';
import { addDays, localDate } from '../src/core/dates';
import { getFeedLinks } from '../src/calendar/feed';
import { classifyRuns } from '../src/calendar/plan-sources';
import { createTarget } from '../src/calendar/targets';
import { replanAthlete } from '../src/planning/replan';
import { requestCalendarSync } from '../src/planning/request';
import { type RadicaleServer, radicaleAvailable, startRadicale } from '../tests/helpers/radicale';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../tests/helpers/runtime';
import { createGoogleFake, GOOGLE_BASE, GOOGLE_ENV } from '../tests/msw/google';
import { connectThroughApp, event, makeStravaTestbed, postEvent, SUBSCRIPTION_ID } from '../tests/strava/helpers';
import type { BenchReport } from './report';
import { STRAVA_SUBSCRIPTION_META } from '../src/strava/ingest';

const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE', 'PATCH', 'MKCALENDAR']);

interface WriteCounter {
  google: number;
  caldav: number;
  reset(): void;
}

/** A fetch that sends Google calls to the fake and counts calendar writes per target. */
function countingFetch(fake: ReturnType<typeof createGoogleFake>, radicaleUrl: string | undefined): { fetch: typeof fetch; counter: WriteCounter } {
  const counter: WriteCounter = {
    google: 0,
    caldav: 0,
    reset() {
      counter.google = 0;
      counter.caldav = 0;
    },
  };
  const fetchFn: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.url.startsWith(GOOGLE_BASE)) {
      if (WRITE_METHODS.has(request.method) && request.url.includes('/events')) counter.google++;
      return fake.handle(request);
    }
    if (radicaleUrl && request.url.startsWith(radicaleUrl) && WRITE_METHODS.has(request.method)) counter.caldav++;
    return fetch(request);
  };
  return { fetch: fetchFn, counter };
}

/** Four weeks of a typical plan: Tue intervals, Thu tempo, Sun long, easy runs between, Fri rest. */
function fourWeekPlan(today: string, movedThursday?: { week: number; to: number }) {
  const runs: Array<{ date: string; title: string }> = [];
  for (let day = 0; day < 28; day++) {
    const date = addDays(today, day);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const week = Math.floor(day / 7);
    let title = ['Long run 24 km', 'Easy run 45 min', 'Intervals 6x800m', 'Easy run 40 min', 'Tempo 3x10 min', 'Rest day', 'Easy run + strides'][weekday] ?? 'Easy run';
    if (movedThursday && week === movedThursday.week) {
      if (weekday === 4) title = 'Easy run 40 min';
      if (weekday === movedThursday.to) title = 'Tempo 3x10 min';
    }
    runs.push({ date, title });
  }
  return classifyRuns(runs);
}

async function syncedWrites(rt: TestRuntime, userId: string, counter: WriteCounter): Promise<{ google: number; caldav: number }> {
  counter.reset();
  // Force a sync even when the replan saw no change: the sync itself must then write nothing.
  await requestCalendarSync(rt.deps, userId);
  await rt.runner.drain();
  return { google: counter.google, caldav: counter.caldav };
}

export async function benchCalendarWrites(): Promise<BenchReport> {
  const fake = createGoogleFake();
  const radicale: RadicaleServer | undefined = radicaleAvailable() ? await startRadicale({ runner: 'app-password-1' }) : undefined;
  const { fetch: fetchFn, counter } = countingFetch(fake, radicale?.url);
  const rt = await makeTestRuntime({ env: { ...GOOGLE_ENV, LOG_LEVEL: 'silent', OUTBOUND_ALLOW_PRIVATE: 'true' }, fetch: fetchFn });
  try {
    const { user } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await createTarget(rt.deps, { userId: user.id, kind: 'google', settings: {}, credentials: fake.grant() });
    if (radicale) await createTarget(rt.deps, { userId: user.id, kind: 'caldav', settings: { serverUrl: radicale.url, username: 'runner' }, credentials: { password: 'app-password-1' } });
    const today = localDate('Europe/Berlin', rt.clock.now());
    await rt.deps.db.insert(planSourcesTable).values({ id: 'bench-plan', userId: user.id, url: 'https://plans.example.test/p.ics', plannedRuns: fourWeekPlan(today) as unknown as Array<Record<string, unknown>> });

    await replanAthlete(rt.deps, user.id);
    const initial = await syncedWrites(rt, user.id, counter);
    const sessions = await rt.deps.db.select().from(plannedSessionsTable).where(eq(plannedSessionsTable.userId, user.id));
    const sessionsInPlan = sessions.filter((s) => s.status === 'planned').length;

    rt.clock.advance(3_600_000);
    const same = await replanAthlete(rt.deps, user.id);
    const noChange = await syncedWrites(rt, user.id, counter);

    rt.clock.advance(3_600_000);
    await rt.deps.db.update(planSourcesTable).set({ plannedRuns: fourWeekPlan(today, { week: 1, to: 5 }) as unknown as Array<Record<string, unknown>> }).where(eq(planSourcesTable.id, 'bench-plan'));
    const moved = await replanAthlete(rt.deps, user.id);
    const oneMoved = await syncedWrites(rt, user.id, counter);
    const affected = (moved?.created ?? 0) + (moved?.updated ?? 0) + (moved?.cancelled ?? 0);
    const sameChanged = (same?.created ?? 0) + (same?.updated ?? 0) + (same?.cancelled ?? 0);

    const caldavOk = !radicale || (noChange.caldav === 0 && oneMoved.caldav === affected);
    const met = sameChanged === 0 && noChange.google === 0 && oneMoved.google === affected && caldavOk;
    return {
      name: 'calendar-writes',
      description: `calendar writes per replan (Google fake${radicale ? ' + real Radicale' : ''}), real replan + job runner + SQLite, 4-week imported plan`,
      metrics: {
        sessionsInPlan,
        initialWritesGoogle: initial.google,
        writesNoChangeGoogle: noChange.google,
        writesOneRunMovedGoogle: oneMoved.google,
        ...(radicale ? { initialWritesCaldav: initial.caldav, writesNoChangeCaldav: noChange.caldav, writesOneRunMovedCaldav: oneMoved.caldav } : {}),
        sessionsChangedByMove: affected,
      },
      baseline: { description: 'rewrite every session of the plan on every replan', metrics: { writesNoChange: sessionsInPlan, writesOneRunMoved: sessionsInPlan } },
      ratio: sessionsInPlan > 0 ? Math.round((oneMoved.google / sessionsInPlan) * 100) / 100 : 0,
      target: '0 writes when nothing changed; writes = sessions the move changed (per target)',
      met,
    };
  } finally {
    await rt.dispose();
    await radicale?.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// webhook → calendar

const WEBHOOK_RUNS = 15;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

export async function benchWebhookToCalendar(): Promise<BenchReport> {
  if (!radicaleAvailable()) throw new Error('benchWebhookToCalendar needs /usr/bin/radicale');
  const users = Object.fromEntries(Array.from({ length: WEBHOOK_RUNS }, (_, i) => [`r${i}`, `pw-${i}`]));
  const radicale = await startRadicale(users);
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'bypass' });
  const tb = await makeStravaTestbed(server, { STRAVA_FETCH_DELAY_MS: '0', STRAVA_TIMEOUT_MS: '5000', LOG_LEVEL: 'silent', OUTBOUND_ALLOW_PRIVATE: 'true' });
  const { rt, sim } = tb;
  const toFeed: number[] = [];
  const toCalDav: number[] = [];
  let designedWaitMs = 0;
  try {
    await setMeta(rt.deps.db, STRAVA_SUBSCRIPTION_META, String(SUBSCRIPTION_ID), rt.clock.now());
    for (let i = 0; i < WEBHOOK_RUNS; i++) {
      const athleteId = 300_000 + i;
      await connectThroughApp(tb, { athleteId });
      const [conn] = await rt.deps.db.select().from(connectionsTable).where(eq(connectionsTable.externalId, String(athleteId)));
      if (!conn) throw new Error('connect created no connection');
      const userId = conn.userId;
      await createTarget(rt.deps, { userId, kind: 'caldav', settings: { serverUrl: radicale.url, username: `r${i}` }, credentials: { password: `pw-${i}` } });
      await requestCalendarSync(rt.deps, userId);
      // Backfill and the calendar's creation run now; the debounced replan is not due yet.
      await rt.runner.drain();
      const feedPath = new URL((await getFeedLinks(rt.deps, userId)).url).pathname;
      const calendarUrl = `${radicale.url}r${i}/hardday-training/`;

      const startUtc = new Date(rt.clock.now() - 2 * 3600_000);
      const activity = sim.putActivity(athleteId, {
        name: 'Intervals 6x800m',
        start_date: startUtc.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        start_date_local: new Date(startUtc.getTime() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
      const before = await rt.deps.db.select().from(plannedSessionsTable).where(eq(plannedSessionsTable.userId, userId));
      if (before.length > 0) throw new Error('sessions existed before the webhook: the measurement would be meaningless');
      const clockStart = rt.clock.now();
      let observingMs = 0;
      const t0 = performance.now();
      const res = await postEvent(rt, event({ object_id: Number(activity['id']), owner_id: athleteId, event_time: Math.floor(rt.clock.now() / 1000) }));
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      let feedAt: number | undefined;
      let caldavAt: number | undefined;
      for (let step = 0; step < 200 && (feedAt === undefined || caldavAt === undefined); step++) {
        // One job at a time, so the feed (after the replan) and CalDAV (after the sync) are told apart.
        const ran = await rt.runner.drain({ maxJobs: 1 });
        const tAfterDrain = performance.now() - observingMs;
        const observeStart = performance.now();
        const sessions = (await rt.deps.db.select().from(plannedSessionsTable).where(and(eq(plannedSessionsTable.userId, userId), eq(plannedSessionsTable.status, 'planned')))).map((s) => s.id);
        if (sessions.length > 0) {
          if (feedAt === undefined) {
            const body = await (await rt.request(feedPath)).text();
            if (sessions.every((id) => body.includes(`UID:${id}@hardday`))) feedAt = tAfterDrain;
          }
          if (caldavAt === undefined) {
            const found = await Promise.all(sessions.map(async (id) => (await fetch(`${calendarUrl}${encodeURIComponent(id)}.ics`, { headers: { authorization: basicAuthHeader(`r${i}`, `pw-${i}`) } })).status));
            if (found.every((s) => s === 200)) caldavAt = tAfterDrain;
          }
        }
        observingMs += performance.now() - observeStart;
        if (feedAt !== undefined && caldavAt !== undefined) break;
        if (ran > 0) continue;
        // Skip the designed waits (replan debounce) instead of sleeping through them.
        const [next] = await rt.deps.db.select({ at: min(jobsTable.runAtMs) }).from(jobsTable).where(eq(jobsTable.status, 'queued'));
        if (next?.at == null) break;
        rt.clock.set(Math.max(rt.clock.now(), next.at));
      }
      if (feedAt === undefined || caldavAt === undefined) throw new Error(`run ${i}: the session never reached the calendars`);
      toFeed.push(feedAt - t0);
      toCalDav.push(caldavAt - t0);
      designedWaitMs = Math.max(designedWaitMs, rt.clock.now() - clockStart);
      rt.clock.advance(3600_000);
    }
  } finally {
    await rt.dispose();
    server.close();
    await radicale.stop();
  }
  const sortedFeed = [...toFeed].sort((a, b) => a - b);
  const sortedDav = [...toCalDav].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 10) / 10;
  const medianDav = percentile(sortedDav, 50);
  return {
    name: 'webhook-to-calendar',
    description: `Strava webhook → new sessions in the ICS feed and on Radicale (${WEBHOOK_RUNS} runners; wall-clock processing; designed waits of ${designedWaitMs} ms skipped on a manual clock)`,
    metrics: {
      feedMedianMs: r(percentile(sortedFeed, 50)),
      feedP95Ms: r(percentile(sortedFeed, 95)),
      caldavMedianMs: r(medianDav),
      caldavP95Ms: r(percentile(sortedDav, 95)),
      designedWaitMs,
    },
    baseline: { description: 'designed wait alone (replan debounce + Strava fetch delay), which dominates in production', metrics: { designedWaitMs } },
    ratio: designedWaitMs > 0 ? Math.round((medianDav / designedWaitMs) * 1000) / 1000 : 0,
    target: 'processing adds well under a second (median < 1 s) on top of the designed waits',
    met: medianDav < 1_000,
  };
}
