import { eq } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventIdFor } from '../../integrations/google-calendar';
import { calendarSyncStateTable, calendarTargetsTable, jobsTable } from '../../src/db/schema';
import { JOB } from '../../src/core/jobs';
import { claimTarget, createTarget } from '../../src/calendar/targets';
import { requestCalendarSync } from '../../src/planning/request';
import { createGoogleFake, GOOGLE_ENV, type GoogleFake } from '../msw/google';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { type RadicaleServer, startRadicale } from '../helpers/radicale';
import { basicAuthHeader } from '../../integrations/shared/http';
import { cancelSession, weekPlan, writeSessions } from './sessions';

const server = setupServer();
let fake: GoogleFake;
let rt: TestRuntime;

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());
beforeEach(async () => {
  fake = createGoogleFake();
  server.resetHandlers(...fake.handlers);
  // Radicale listens on 127.0.0.1: a self-hoster's LAN server, allowed explicitly.
  rt = await makeTestRuntime({ env: { ...GOOGLE_ENV, OUTBOUND_ALLOW_PRIVATE: 'true' } });
});
afterEach(async () => {
  await rt.dispose();
});

async function googleRunner() {
  const { user } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
  const target = await createTarget(rt.deps, { userId: user.id, kind: 'google', settings: {}, credentials: fake.grant() });
  return { user, target };
}

async function sync(userId: string) {
  await requestCalendarSync(rt.deps, userId);
  await rt.runner.drain();
}

async function syncStates(targetId: string) {
  const rows = await rt.deps.db.select().from(calendarSyncStateTable).where(eq(calendarSyncStateTable.targetId, targetId));
  return Object.fromEntries(rows.map((r) => [r.sessionId, r.state]));
}

async function calendarJob() {
  const [job] = await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.kind, JOB.calendarSync));
  return job;
}

/** A Google runner with this week's sessions whose first sync meets `failure`; the job afterwards. */
async function firstSyncFailing(failure: Parameters<GoogleFake['failNext']>[0]) {
  const { user, target } = await googleRunner();
  await writeSessions(rt.deps, user.id, weekPlan());
  fake.failNext(failure);
  await requestCalendarSync(rt.deps, user.id);
  await rt.runner.drain();
  return { user, target, job: await calendarJob() };
}

async function targetRow(id: string) {
  const [row] = await rt.deps.db.select().from(calendarTargetsTable).where(eq(calendarTargetsTable.id, id));
  return row;
}

describe('calendar sync through the job runner and SQLite (Google via msw)', () => {
  it('creates every session once, then a no-op replan writes nothing and a moved session writes one update', async () => {
    const { user, target } = await googleRunner();
    await writeSessions(rt.deps, user.id, weekPlan());
    await sync(user.id);
    expect(fake.liveEvents()).toHaveLength(4);
    expect(fake.eventWrites).toBe(4);
    const row = await targetRow(target.id);
    expect(row).toMatchObject({ status: 'active', lastError: null });
    expect(row?.containerId).toBe([...fake.calendars.keys()][0]);
    expect(await syncStates(target.id)).toEqual({ 'w48-a': 'live', 'w48-b': 'live', 'w49-a': 'live', 'w49-b': 'live' });

    // The replan runs again and produces the same plan.
    fake.resetLog();
    rt.clock.advance(60_000);
    expect(await writeSessions(rt.deps, user.id, weekPlan())).toBe(0);
    await sync(user.id);
    expect(fake.eventWrites).toBe(0);

    // One run moved, so one session moved: exactly one PUT, on the same event id.
    fake.resetLog();
    const moved = weekPlan().map((s) => (s.id === 'w48-b' ? { ...s, startLocal: '2026-11-27T07:00' } : s));
    await writeSessions(rt.deps, user.id, moved);
    await sync(user.id);
    expect(fake.log.filter((l) => l.method !== 'GET').map((l) => `${l.method} ${l.path.split('/').at(-1)}`)).toEqual([`PUT ${eventIdFor('w48-b')}`]);
    expect(fake.events().find((e) => e.id === eventIdFor('w48-b'))?.start).toEqual({ dateTime: '2026-11-27T07:00:00', timeZone: 'Europe/Berlin' });
  });

  it('deletes a cancelled session once', async () => {
    const { user, target } = await googleRunner();
    await writeSessions(rt.deps, user.id, weekPlan());
    await sync(user.id);
    fake.resetLog();
    await cancelSession(rt.deps, user.id, 'w49-a');
    await sync(user.id);
    expect(fake.log.filter((l) => l.method !== 'GET').map((l) => l.method)).toEqual(['DELETE']);
    expect(fake.liveEvents()).toHaveLength(3);
    expect((await syncStates(target.id))['w49-a']).toBe('deleted');
    fake.resetLog();
    await sync(user.id);
    expect(fake.eventWrites).toBe(0);
  });

  it('does not recreate a session the runner deleted, until its content changes', async () => {
    const { user, target } = await googleRunner();
    await writeSessions(rt.deps, user.id, weekPlan());
    await sync(user.id);
    fake.userDeletes(eventIdFor('w48-a'));

    fake.resetLog();
    await sync(user.id);
    expect(fake.eventWrites).toBe(0);
    expect((await syncStates(target.id))['w48-a']).toBe('user_deleted');
    await sync(user.id);
    expect(fake.eventWrites).toBe(0);

    // The plan changes that session: it comes back (same id, restored, new content).
    await writeSessions(rt.deps, user.id, weekPlan().map((s) => (s.id === 'w48-a' ? { ...s, reps: 10 } : s)));
    await sync(user.id);
    const restored = fake.events().find((e) => e.id === eventIdFor('w48-a'));
    expect(restored?.status).toBe('confirmed');
    expect(restored?.description).toContain('3 × 10');
    expect((await syncStates(target.id))['w48-a']).toBe('live');
    expect(fake.liveEvents()).toHaveLength(4);
  });

  it('backs off on 403 rateLimitExceeded, then finishes the job', async () => {
    const { target, job } = await firstSyncFailing({ status: 403, reason: 'rateLimitExceeded' });
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job?.runAtMs).toBeGreaterThan(rt.clock.now());
    expect(job?.lastError).toMatch(/rateLimitExceeded/);
    expect((await targetRow(target.id))?.lastError).toMatch(/rateLimitExceeded/);

    rt.clock.advance(31 * 60_000);
    await rt.runner.drain();
    expect((await calendarJob())?.status).toBe('done');
    expect(fake.liveEvents()).toHaveLength(4);
    expect((await targetRow(target.id))?.lastError).toBeNull();
  });

  it('uses Retry-After from a 429 as the next run time', async () => {
    const { job } = await firstSyncFailing({ status: 429, retryAfterS: 120 });
    expect(job?.runAtMs).toBe(rt.clock.now() + 120_000);
  });

  it('marks the target needs_reconsent when the refresh token is revoked (no endless retries)', async () => {
    const { user, target } = await googleRunner();
    await writeSessions(rt.deps, user.id, weekPlan());
    fake.revokeRefreshTokens();
    await sync(user.id);
    expect(await targetRow(target.id)).toMatchObject({ status: 'needs_reconsent' });
    expect((await calendarJob())?.status).toBe('done');
    fake.resetLog();
    await sync(user.id);
    expect(fake.log).toHaveLength(0);
  });

  it('disables the target when the runner deleted our calendar', async () => {
    const { user, target } = await googleRunner();
    await writeSessions(rt.deps, user.id, weekPlan());
    await sync(user.id);
    fake.userDeletesCalendar([...fake.calendars.keys()][0] ?? '');
    await writeSessions(rt.deps, user.id, weekPlan().map((s) => ({ ...s, reps: 12 })));
    await sync(user.id);
    expect(await targetRow(target.id)).toMatchObject({ status: 'disabled' });
    expect(fake.calendars.size).toBe(0);
  });

  it('retries a 404 on an event write right after creating the calendar (propagation) with a short back-off, without disabling', async () => {
    // The calendar was just created; Google does not know it on the events endpoint yet.
    const { target, job } = await firstSyncFailing({ status: 404, reason: 'notFound' });
    expect(fake.log.filter((l) => l.status === 404).map((l) => `${l.method} ${l.path.split('/').at(-1)}`)).toEqual(['POST events']);
    const row = await targetRow(target.id);
    expect(row?.status).toBe('pending');
    expect(row?.containerId).toBe([...fake.calendars.keys()][0]);
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect((job?.runAtMs ?? 0) - rt.clock.now()).toBeLessThanOrEqual(5_000);

    rt.clock.advance(5_000);
    await rt.runner.drain();
    expect(await targetRow(target.id)).toMatchObject({ status: 'active', lastError: null });
    expect(fake.calendars.size).toBe(1);
    expect(fake.liveEvents()).toHaveLength(4);
  });

  it('keeps one writer per calendar: a sync finding the lease taken is deferred, not run', async () => {
    const { user, target } = await googleRunner();
    await writeSessions(rt.deps, user.id, weekPlan());
    expect(await claimTarget(rt.deps.db, target.id, 'someone-else', rt.clock.now(), 60_000)).toBe(true);
    await requestCalendarSync(rt.deps, user.id);
    await rt.runner.drain();
    expect(fake.eventWrites).toBe(0);
    expect(await calendarJob()).toMatchObject({ status: 'queued', attempts: 0 });
    rt.clock.advance(61_000);
    await rt.runner.drain();
    expect(fake.liveEvents()).toHaveLength(4);
  });
});

describe('calendar sync to a real CalDAV server (Radicale)', () => {
  let radicale: RadicaleServer;
  beforeAll(async () => {
    radicale = await startRadicale({ runner: 'app-password-1' });
  });
  afterAll(async () => {
    await radicale?.stop();
  });

  it('creates, moves, cancels and respects a user delete', async () => {
    const { user } = await signedInUser(rt, { timeZone: 'America/New_York' });
    const target = await createTarget(rt.deps, { userId: user.id, kind: 'caldav', settings: { serverUrl: radicale.url, username: 'runner' }, credentials: { password: 'app-password-1' } });
    const plan = weekPlan().map((s) => ({ ...s, timeZone: 'America/New_York' }));
    await writeSessions(rt.deps, user.id, plan);
    await sync(user.id);
    const row = await targetRow(target.id);
    expect(row).toMatchObject({ status: 'active', containerId: `${radicale.url}runner/hardday-training/` });
    const auth = { authorization: basicAuthHeader('runner', 'app-password-1') };
    const href = (id: string) => `${row?.containerId}${id}.ics`;
    expect((await fetch(href('w48-a'), { headers: auth })).status).toBe(200);

    await writeSessions(rt.deps, user.id, plan.map((s) => (s.id === 'w48-a' ? { ...s, startLocal: '2026-11-24T06:00' } : s)));
    await sync(user.id);
    const moved = await (await fetch(href('w48-a'), { headers: auth })).text();
    expect(moved).toContain('DTSTART;TZID=America/New_York:20261124T060000');
    expect(moved).toContain('SEQUENCE:2');

    await cancelSession(rt.deps, user.id, 'w49-b');
    await sync(user.id);
    expect((await fetch(href('w49-b'), { headers: auth })).status).toBe(404);

    await fetch(href('w49-a'), { method: 'DELETE', headers: auth });
    await sync(user.id);
    expect((await syncStates(target.id))['w49-a']).toBe('user_deleted');
    expect((await fetch(href('w49-a'), { headers: auth })).status).toBe(404);
    await writeSessions(rt.deps, user.id, plan.map((s) => (s.id === 'w49-a' ? { ...s, title: 'Strength: full body' } : s.id === 'w48-a' ? { ...s, startLocal: '2026-11-24T06:00' } : s)));
    await sync(user.id);
    expect(await (await fetch(href('w49-a'), { headers: auth })).text()).toContain('SUMMARY:Strength: full body');
  });
});
