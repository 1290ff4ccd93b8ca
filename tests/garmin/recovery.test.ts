/**
 * Garmin's crash recovery and token refresh, through the real app with msw as Garmin: an accepted
 * notification whose job was lost is found by the inbox sweep (the same sweep as Strava's), and two
 * concurrent refreshes of one connection make one call to Garmin's token endpoint.
 */
import { eq } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GARMIN_JOB } from '../../src/core/jobs';
import { findConnection, readTokens } from '../../src/db/repositories/connections';
import { activitiesTable, jobsTable, webhookInboxTable } from '../../src/db/schema';
import { sweepGarminInbox } from '../../src/garmin/jobs';
import { garminAccessToken } from '../../src/garmin/runtime';
import { scheduledTasks } from '../../src/app/schedule';
import type { TestRuntime } from '../helpers/runtime';
import { activitySummary } from '../msw/garmin';
import { connectedToGarmin, GARMIN_USER, pushTo } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let rt: TestRuntime | undefined;
afterEach(async () => {
  server.resetHandlers();
  await rt?.dispose();
  rt = undefined;
});

async function settle(r: TestRuntime) {
  await r.runner.drain();
  r.clock.advance(10_000);
  await r.runner.drain();
}

const eventJobs = (r: TestRuntime) => r.deps.db.select().from(jobsTable).where(eq(jobsTable.kind, GARMIN_JOB.event));

describe('Garmin inbox sweep', () => {
  it('processes an accepted notification whose job was lost between the inbox insert and the enqueue', async () => {
    const tb = await connectedToGarmin(server);
    rt = tb.rt;
    await settle(rt); // the connect-time backfill request
    // the notification is accepted, then its job row vanishes: a crash between the inbox insert and the enqueue
    const res = await pushTo(rt, 'activities', { activities: [activitySummary()] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1 });
    const [job] = await eventJobs(rt);
    expect(job?.status).toBe('queued');
    await rt.deps.db.delete(jobsTable).where(eq(jobsTable.id, job?.id ?? 0));

    await settle(rt);
    expect(await rt.deps.db.select().from(activitiesTable)).toHaveLength(0);
    expect((await rt.deps.db.select().from(webhookInboxTable))[0]?.status).toBe('pending');

    expect(await sweepGarminInbox(rt.deps)).toBe(1);
    // a second sweep finds the job it queued: nothing more to do
    expect(await sweepGarminInbox(rt.deps)).toBe(0);
    await settle(rt);
    const stored = await rt.deps.db.select().from(activitiesTable);
    expect(stored.map((a) => [a.provider, a.externalId])).toEqual([['garmin', '5001968355']]);
    expect((await rt.deps.db.select().from(webhookInboxTable))[0]?.status).toBe('processed');
    expect(rt.logs.some((l) => l.includes('garmin inbox sweep re-queued events'))).toBe(true);
  });

  it('drops a pending entry it cannot read instead of queueing a job for nobody', async () => {
    const tb = await connectedToGarmin(server);
    rt = tb.rt;
    await rt.deps.db.insert(webhookInboxTable).values({ provider: 'garmin', dedupeKey: 'activities:?:x', payload: { type: 'activities', entry: { summaryId: '1' } }, receivedAtMs: rt.clock.now() });
    expect(await sweepGarminInbox(rt.deps)).toBe(0);
    expect(await eventJobs(rt)).toHaveLength(0);
    const [row] = await rt.deps.db.select().from(webhookInboxTable);
    expect(row).toMatchObject({ status: 'dropped', note: 'unreadable event (inbox sweep)' });
  });

  it('is scheduled every 5 minutes and at start-up', () => {
    const task = scheduledTasks.find((t) => t.name === 'garmin-inbox-sweep');
    expect(task).toMatchObject({ cron: '*/5 * * * *', atStart: true });
    expect(task?.job(Date.parse('2026-11-20T12:03:00Z'))).toMatchObject({ kind: GARMIN_JOB.inboxSweep });
  });
});

describe('Garmin token refresh', () => {
  it('two concurrent refreshes: one call reaches Garmin, both callers get the new token', async () => {
    const tb = await connectedToGarmin(server);
    rt = tb.rt;
    await settle(rt);
    const before = await findConnection(rt.deps.db, 'garmin', GARMIN_USER);
    const old = await readTokens(rt.deps.secrets, before as NonNullable<typeof before>);
    rt.clock.advance(24 * 3600_000); // the access token (24 h) has expired

    let release = () => {};
    tb.sim.refreshGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const connection = before as NonNullable<typeof before>;
    const first = garminAccessToken(rt.deps, connection);
    const second = garminAccessToken(rt.deps, connection);
    // Garmin holds its answer until the refresh has arrived: the other caller finds it under way
    // (or, if it looks only after the save, finds the new token); without the lease both would call
    await vi.waitFor(() => expect(tb.sim.refreshesArrived).toBe(1));
    release();
    const tokens = await Promise.all([first, second]);

    const garminUser = tb.sim.users.get(GARMIN_USER);
    expect(tokens).toEqual([garminUser?.accessToken, garminUser?.accessToken]);
    expect(tokens[0]).not.toBe(old?.accessToken);
    // the authorization-code exchange at connect, then exactly one refresh
    expect(tb.sim.count('POST', /\/oauth\/token$/)).toBe(2);
    expect(tb.sim.refreshesArrived).toBe(1);
    const after = await findConnection(rt.deps.db, 'garmin', GARMIN_USER);
    expect(after).toMatchObject({ status: 'active', refreshLeaseUntilMs: null });
    expect((await readTokens(rt.deps.secrets, after as NonNullable<typeof after>))?.refreshToken).toBe(garminUser?.refreshToken);
  });
});
