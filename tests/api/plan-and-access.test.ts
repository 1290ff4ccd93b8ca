import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { jobsTable } from '../../src/db/schema';
import { JOB } from '../../src/core/jobs';
import { upsertActivity } from '../../src/db/repositories/activities';
import type { NewActivity } from '../../src/core/activity';
import { acceptInvitation, createInvitation } from '../../src/account/invitations';
import { berlinActivity } from '../helpers/activities';
import { makeTestRuntime, manualClock, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

/** A run in Berlin with 20 m of climbing. */
const run = (date: string, opts: Parameters<typeof berlinActivity>[1] & { km: number }): NewActivity => berlinActivity(date, { elevationM: 20, ...opts });

async function seedSixWeeks(r: TestRuntime, userId: string) {
  // Tue intervals, Thu easy, Sat long run, Sun easy: six weeks up to Sat 2026-11-21.
  const saturday = Date.parse('2026-11-21T00:00:00Z');
  for (let w = 0; w < 6; w++) {
    const day = (offset: number) => new Date(saturday - (w * 7 + offset) * 86_400_000).toISOString().slice(0, 10);
    await upsertActivity(r.deps.db, userId, run(day(4), { name: 'Intervals 6x800', minutes: 55, km: 10, hr: 162, workoutType: 'workout' }), 0);
    await upsertActivity(r.deps.db, userId, run(day(2), { name: 'Easy run', minutes: 45, km: 8, hr: 135 }), 0);
    await upsertActivity(r.deps.db, userId, run(day(0), { name: 'Long run', minutes: 110, km: 21, hr: 145, workoutType: 'long' }), 0);
    await upsertActivity(r.deps.db, userId, run(day(-1), { name: 'Recovery jog', minutes: 30, km: 5, hr: 128 }), 0);
  }
}

describe('replan through the job runner and the JSON API', () => {
  it('classifies days and plans sessions that the runner reads back, with rule ids, reasons and the disclaimer', async () => {
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await rt.request('/api/me/settings', { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ sex: 'f', hrMaxBpm: 190, hrRestBpm: 50, equipment: ['bodyweight', 'dumbbells'] }) });
    await seedSixWeeks(rt, user.id);
    rt.clock.advance(10_000);
    await rt.runner.drain();

    const daysRes = await rt.request('/api/me/days?from=2026-11-15&to=2026-11-21', { headers: { cookie } });
    expect(daysRes.status).toBe(200);
    const { days } = (await daysRes.json()) as { days: Array<{ date: string; class: string; source: string; evidence: string[]; activities: unknown[] }> };
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get('2026-11-17')).toMatchObject({ class: 'hard', source: 'actual' });
    expect(byDate.get('2026-11-21')).toMatchObject({ class: 'hard', source: 'actual' });
    expect(byDate.get('2026-11-19')).toMatchObject({ class: 'easy' });
    expect(byDate.get('2026-11-18')).toMatchObject({ class: 'off', activities: [] });
    expect(byDate.get('2026-11-17')!.evidence.length).toBeGreaterThan(0);

    const planRes = await rt.request('/api/me/plan?from=2026-11-22&to=2026-12-05', { headers: { cookie } });
    const plan = (await planRes.json()) as { sessions: Array<{ id: string; date: string; start: string; rules: string[]; reasons: string[]; exercises: unknown[] }>; disclaimer: string };
    expect(plan.disclaimer.length).toBeGreaterThan(10);
    expect(plan.sessions.length).toBeGreaterThan(0);
    for (const s of plan.sessions) {
      expect(s.start.startsWith(s.date)).toBe(true);
      expect(s.start).toMatch(/\+01:00$/);
      expect(s.rules.length).toBeGreaterThan(0);
      expect(s.reasons.length).toBeGreaterThan(0);
      expect(s.exercises.length).toBeGreaterThan(0);
      expect(s.id).not.toContain(s.date);
    }
    // each session explains itself in a sentence and at most four reasons; ?explain=full adds the whole trace
    const first = plan.sessions[0] as unknown as { summary?: string; trace?: unknown[]; reasons: string[] };
    expect(first.summary?.length).toBeGreaterThan(10);
    expect(first.reasons.length).toBeLessThanOrEqual(4);
    expect(first.trace).toBeUndefined();
    const full = (await (await rt.request('/api/me/plan?from=2026-11-22&to=2026-12-05&explain=full', { headers: { cookie } })).json()) as { sessions: Array<{ trace?: Array<{ rule: string; text: string }> }> };
    expect(full.sessions[0]?.trace?.length).toBeGreaterThanOrEqual(first.reasons.length);
    expect((await rt.request('/api/me/plan?explain=everything', { headers: { cookie } })).status).toBe(422);

    // the replan asked for a calendar sync of this athlete
    const syncJobs = await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.kind, JOB.calendarSync));
    expect(syncJobs.map((j) => j.payload)).toContainEqual({ userId: user.id });

    const loadRes = await rt.request('/api/me/load?from=2026-11-01&to=2026-11-21', { headers: { cookie } });
    const { load } = (await loadRes.json()) as { load: Array<{ date: string; ctl: number; atl: number; tsb: number }> };
    expect(load).toHaveLength(21);
    expect(load.at(-1)!.ctl).toBeGreaterThan(0);
  });

  it('a replan that changes nothing rewrites no session; a race changes the plan', async () => {
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await seedSixWeeks(rt, user.id);
    const { replanAthlete } = await import('../../src/planning/replan');
    const first = await replanAthlete(rt.deps, user.id);
    expect(first!.created).toBeGreaterThan(0);
    const again = await replanAthlete(rt.deps, user.id);
    expect({ created: again!.created, updated: again!.updated, cancelled: again!.cancelled }).toEqual({ created: 0, updated: 0, cancelled: 0 });

    const raceRes = await rt.request('/api/me/races', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ date: '2026-11-29', distanceM: 10000, terrain: 'road', priority: 'A', name: 'City 10k' }) });
    expect(raceRes.status).toBe(201);
    rt.clock.advance(10_000);
    await rt.runner.drain();
    const plan = (await (await rt.request('/api/me/plan?from=2026-11-22&to=2026-12-05', { headers: { cookie } })).json()) as { sessions: Array<{ date: string }> };
    expect(plan.sessions.some((s) => s.date === '2026-11-29' || s.date === '2026-11-28')).toBe(false);
  });
});

describe('sessions the runner reports', () => {
  it('a session marked done today stays in the plan as done, and a skipped day gets no other session', async () => {
    // Tuesday 06:00 in Berlin: today's intervals are still to come, the session is after them
    rt = await makeTestRuntime({ clock: manualClock('2026-11-24T05:00:00Z') });
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await seedSixWeeks(rt, user.id);
    const { replanAthlete } = await import('../../src/planning/replan');
    await replanAthlete(rt.deps, user.id);
    type Session = { id: string; date: string };
    const sessions = async () => ((await (await rt!.request('/api/me/plan?from=2026-11-24&to=2026-11-30', { headers: { cookie } })).json()) as { sessions: Session[] }).sessions;
    const before = await sessions();
    const today = before.find((s) => s.date === '2026-11-24');
    const later = before.find((s) => s.date > '2026-11-24');
    expect(today).toBeDefined();
    expect(later).toBeDefined();

    const log = (id: string, body: unknown) => rt!.request(`/api/me/plan/${id}/log`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await log(today!.id, { status: 'done', effort: 7 })).status).toBe(200);
    expect((await log(later!.id, { status: 'skipped' })).status).toBe(200);
    rt.clock.advance(10_000);
    await rt.runner.drain();
    const outcome = await replanAthlete(rt.deps, user.id);
    expect(outcome?.cancelled).toBe(0);

    const after = await sessions();
    // both reported sessions are still there, unchanged, and nothing else landed on their days
    expect(after.filter((s) => s.date === today!.date)).toEqual([expect.objectContaining({ id: today!.id })]);
    expect(after.filter((s) => s.date === later!.date)).toEqual([expect.objectContaining({ id: later!.id })]);
    // the plan page shows today's as done with its effort
    const page = await (await rt.request('/plan', { headers: { cookie } })).text();
    expect(page).toContain('done (effort 7/10)');
    expect(page).toContain('>skipped<');

    // a coach's roster counts the week's done and skipped sessions apart
    const coach = await signedInUser(rt, { role: 'coach' });
    await acceptInvitation(rt.deps, (await createInvitation(rt.deps, coach.user.id, 'athlete')).code, user.id);
    const roster = (await (await rt.request('/api/coach/athletes', { headers: { cookie: coach.cookie } })).json()) as { athletes: Array<{ week: { done: number; skipped: number; planned: number } }> };
    expect(roster.athletes[0]?.week).toMatchObject({ done: 1, skipped: 1 });
    const rosterPage = await (await rt.request('/coach', { headers: { cookie: coach.cookie, accept: 'text/html' } })).text();
    expect(rosterPage).toMatch(/1\/\d+ done, 1 skipped/);
  });
});

describe('settings and races validation', () => {
  it('answers 422 naming the field and changes nothing', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const before = await (await rt.request('/api/me/settings', { headers: { cookie } })).json();
    for (const [body, field] of [
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ hrMaxBpm: 400 }, 'hrMaxBpm'],
      [{ preferredStrengthTime: '25:00' }, 'preferredStrengthTime'],
      [{ equipment: ['trampoline'] }, 'equipment.0'],
      [{ hrMaxBpm: 150, hrRestBpm: 160 }, 'hrRestBpm'],
      [{ shoeSize: 44 }, '(body)'],
    ] as const) {
      const res = await rt.request('/api/me/settings', { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(422);
      const err = (await res.json()) as { error: { code: string; message: string; details: { fields: Array<{ field: string }> } } };
      expect(err.error.code).toBe('VALIDATION');
      expect(err.error.details.fields.map((f) => f.field)).toContain(field);
    }
    expect(await (await rt.request('/api/me/settings', { headers: { cookie } })).json()).toEqual(before);
  });

  it('rejects a race with a bad date and lists, then deletes, a good one', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const json = { cookie, 'content-type': 'application/json' };
    const bad = await rt.request('/api/me/races', { method: 'POST', headers: json, body: JSON.stringify({ date: '2026-02-30x', distanceM: 5000, terrain: 'road', priority: 'A' }) });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/date/);
    const impossible = await rt.request('/api/me/races', { method: 'POST', headers: json, body: JSON.stringify({ date: '2026-02-31', distanceM: 5000, terrain: 'road', priority: 'A' }) });
    expect(impossible.status).toBe(422);
    const badRange = await rt.request('/api/me/days?from=2026-02-30', { headers: { cookie } });
    expect(badRange.status).toBe(422);
    // 10 m is a typo for 10 km, not a race: the form's own lower bound holds for the API too
    const tiny = await rt.request('/api/me/races', { method: 'POST', headers: json, body: JSON.stringify({ date: '2027-04-12', distanceM: 10, terrain: 'road', priority: 'A' }) });
    expect(tiny.status).toBe(422);
    expect(((await tiny.json()) as { error: { message: string } }).error.message).toMatch(/distanceM.*at least 100 m/);
    const notJson = await rt.request('/api/me/races', { method: 'POST', headers: json, body: '{oops' });
    expect(notJson.status).toBe(400);
    const created = (await (await rt.request('/api/me/races', { method: 'POST', headers: json, body: JSON.stringify({ date: '2027-04-12', distanceM: 42195, terrain: 'road', priority: 'A' }) })).json()) as { id: string };
    const list = (await (await rt.request('/api/me/races', { headers: { cookie } })).json()) as { races: Array<{ id: string }> };
    expect(list.races.map((r) => r.id)).toEqual([created.id]);
    expect((await rt.request(`/api/me/races/${created.id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(204);
    expect((await rt.request(`/api/me/races/${created.id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(404);
  });
});

describe('who may see an athlete', () => {
  it('the athlete and a granted coach see the data; others get 403; revoking ends access', async () => {
    rt = await makeTestRuntime();
    const athlete = await signedInUser(rt);
    const coach = await signedInUser(rt, { role: 'coach' });
    const stranger = await signedInUser(rt, { role: 'coach' });
    const path = `/api/athletes/${athlete.user.id}/days`;

    expect((await rt.request(path)).status).toBe(401);
    expect((await rt.request(path, { headers: { cookie: athlete.cookie } })).status).toBe(200);
    expect((await rt.request(path, { headers: { cookie: coach.cookie } })).status).toBe(403);

    const grant = await rt.request('/api/me/coaches', { method: 'POST', headers: { cookie: athlete.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ coachId: coach.user.id }) });
    expect(grant.status).toBe(201);
    for (const view of ['days', 'plan', 'load']) {
      expect((await rt.request(`/api/athletes/${athlete.user.id}/${view}`, { headers: { cookie: coach.cookie } })).status).toBe(200);
      expect((await rt.request(`/api/athletes/${athlete.user.id}/${view}`, { headers: { cookie: stranger.cookie } })).status).toBe(403);
    }
    const mine = (await (await rt.request('/api/coach/athletes', { headers: { cookie: coach.cookie } })).json()) as { athletes: Array<{ athleteId: string }> };
    expect(mine.athletes.map((a) => a.athleteId)).toEqual([athlete.user.id]);

    await rt.request(`/api/me/coaches/${coach.user.id}`, { method: 'DELETE', headers: { cookie: athlete.cookie } });
    expect((await rt.request(path, { headers: { cookie: coach.cookie } })).status).toBe(403);
  });

  it('an API token reads the same data as the session', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const created = (await (await rt.request('/api/me/api-tokens', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'spreadsheet' }) })).json()) as { id: string; token: string };
    expect(created.token).toMatch(/^hd_/);
    const viaToken = await rt.request('/api/me/days', { headers: { authorization: `Bearer ${created.token}` } });
    expect(viaToken.status).toBe(200);
    await rt.request(`/api/me/api-tokens/${created.id}`, { method: 'DELETE', headers: { cookie } });
    expect((await rt.request('/api/me/days', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
  });
});

describe('the new-day replan', () => {
  it('replans a runner once their local day has moved on, even hours after local midnight', async () => {
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
    const berlin = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    const tokyo = await signedInUser(rt, { timeZone: 'Asia/Tokyo' });
    await seedSixWeeks(rt, berlin.user.id);
    const { replanAthlete } = await import('../../src/planning/replan');
    await replanAthlete(rt.deps, berlin.user.id); // Berlin today = 2026-11-21
    rt.clock.set(Date.parse('2026-11-21T22:30:00Z')); // 23:30 in Berlin, 07:30 on the 22nd in Tokyo
    await replanAthlete(rt.deps, tokyo.user.id); // Tokyo today = 2026-11-22

    const due = async () => {
      await rt!.deps.jobs.enqueue({ kind: 'plan.replan-due', payload: {}, idempotencyKey: `due:${rt!.clock.now()}` });
      await rt!.runner.drain();
      return (await rt!.deps.db.select().from(jobsTable).where(eq(jobsTable.kind, JOB.replan))).map((j) => (j.payload as { userId: string }).userId);
    };
    expect(await due()).toEqual([]);
    // 03:30 in Berlin on the 22nd: well past midnight, the Berlin runner is replanned once
    rt.clock.set(Date.parse('2026-11-22T02:30:00Z'));
    expect(await due()).toEqual([berlin.user.id]);
    rt.clock.advance(10_000);
    await rt.runner.drain();
    const days = (await (await rt.request('/api/me/days?from=2026-11-22&to=2026-11-22', { headers: { cookie: berlin.cookie } })).json()) as { days: Array<{ source: string }> };
    expect(days.days[0]?.source).toBe('actual');
  });
});
