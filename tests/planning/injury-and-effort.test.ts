/**
 * Two settings/inputs that reach the planner through the HTTP app: an injured runner's clearance
 * for low-impact work (R12/R14), and the effort rating a treadmill run without heart rate or
 * distance asks for (R-CLASS).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { upsertActivity } from '../../src/db/repositories/activities';
import { requestReplan } from '../../src/planning/request';
import { berlinActivity } from '../helpers/activities';
import { makeTestRuntime, manualClock, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });

const activity = berlinActivity;

/** Tue intervals, Thu easy, Sat long: six weeks up to Sat 2026-11-21 (Berlin). */
async function seedSixWeeks(r: TestRuntime, userId: string) {
  const saturday = Date.parse('2026-11-21T00:00:00Z');
  for (let w = 0; w < 6; w++) {
    const day = (offset: number) => new Date(saturday - (w * 7 + offset) * 86_400_000).toISOString().slice(0, 10);
    await upsertActivity(r.deps.db, userId, activity(day(4), { id: `i${w}`, sport: 'run', name: 'Intervals 6x800', minutes: 55, km: 10, hr: 162 }), 0);
    await upsertActivity(r.deps.db, userId, activity(day(2), { id: `e${w}`, sport: 'run', name: 'Easy run', minutes: 45, km: 8, hr: 135 }), 0);
    await upsertActivity(r.deps.db, userId, activity(day(0), { id: `l${w}`, sport: 'run', name: 'Long run', minutes: 110, km: 21, hr: 145 }), 0);
  }
}

async function replanNow(r: TestRuntime, userId?: string) {
  if (userId) await requestReplan(r.deps, userId);
  r.clock.advance(10_000);
  await r.runner.drain();
}

interface SessionJson {
  date: string;
  kind: string;
  reasons: string[];
  summary?: string;
  trace?: Array<{ rule: string; text: string }>;
}

describe('injury: low-impact clearance (R12, R14)', () => {
  it('round-trips through PUT/GET /api/me/settings, defaults to not cleared, and rejects a wrong type without changing anything', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const put = (body: unknown) => rt!.request('/api/me/settings', { method: 'PUT', headers: json(cookie), body: JSON.stringify(body) });
    const get = async () => (await (await rt!.request('/api/me/settings', { headers: { cookie } })).json()) as { injury: unknown };

    expect((await put({ injury: { area: 'knee', canRun: false, lowImpactCleared: true } })).status).toBe(200);
    expect((await get()).injury).toEqual({ area: 'knee', canRun: false, lowImpactCleared: true });

    // an older client that sends only area and canRun: not cleared
    expect((await put({ injury: { area: 'achilles', canRun: false } })).status).toBe(200);
    expect((await get()).injury).toEqual({ area: 'achilles', canRun: false, lowImpactCleared: false });

    for (const injury of [
      { area: 'achilles', canRun: false, lowImpactCleared: 'yes' },
      { area: 'achilles', canRun: false, lowImpactClear: true },
    ]) {
      const res = await put({ injury });
      expect(res.status).toBe(422);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe('VALIDATION');
      expect(err.error.message).toMatch(/injury/);
    }
    expect((await get()).injury).toEqual({ area: 'achilles', canRun: false, lowImpactCleared: false });

    expect((await put({ injury: null })).status).toBe(200);
    expect((await get()).injury).toBeNull();
  });

  it('a runner who cannot run is offered easy cycling or swimming only once cleared', async () => {
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await seedSixWeeks(rt, user.id);
    const plan = async (injury: Record<string, unknown>) => {
      expect((await rt!.request('/api/me/settings', { method: 'PUT', headers: json(cookie), body: JSON.stringify({ equipment: ['bodyweight', 'dumbbells'], injury }) })).status).toBe(200);
      await replanNow(rt!);
      const res = await rt!.request('/api/me/plan?from=2026-11-22&to=2026-12-05&explain=full', { headers: { cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { sessions: SessionJson[] }).sessions;
    };
    const lowImpact = /cycling or swimming/i;

    const notCleared = await plan({ area: 'knee', canRun: false });
    expect(notCleared.length).toBeGreaterThan(0);
    for (const s of notCleared) {
      expect(s.kind).toBe('circuit');
      expect([...s.reasons, ...(s.trace ?? []).map((t) => t.text)].join(' ')).not.toMatch(lowImpact);
    }

    const cleared = await plan({ area: 'knee', canRun: false, lowImpactCleared: true });
    expect(cleared.length).toBeGreaterThan(0);
    for (const s of cleared) {
      expect(s.kind).toBe('circuit');
      // a reason the runner reads (not only the full trace), from R12
      expect(s.reasons.join(' ')).toMatch(lowImpact);
      expect(s.trace?.find((t) => lowImpact.test(t.text))?.rule).toBe('R12');
    }

    // clearance means nothing while the runner can run: no low-impact offer
    const canRun = await plan({ area: 'knee', canRun: true, lowImpactCleared: true });
    for (const s of canRun) expect([...s.reasons, ...(s.trace ?? []).map((t) => t.text)].join(' ')).not.toMatch(lowImpact);
  });
});

describe('effort rating of a treadmill run without heart rate or distance', () => {
  it('flags the day, takes a rating, and reclassifies the day with it as evidence', async () => {
    rt = await makeTestRuntime({ clock: manualClock('2026-11-21T20:00:00Z') });
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    await seedSixWeeks(rt, user.id);
    // Wednesday 2026-11-18 was off; a 50-min treadmill run with no watch data at all
    await upsertActivity(rt.deps.db, user.id, activity('2026-11-18', { id: 'tm-1', sport: 'treadmill_run', name: 'Treadmill', minutes: 50, time: '18:00:00' }), 0);
    await replanNow(rt, user.id);

    const day = async () => {
      const res = await rt!.request('/api/me/days?from=2026-11-18&to=2026-11-18', { headers: { cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { days: Array<{ date: string; class: string; evidence: string[]; needsEffortRating?: boolean; activities: Array<{ id: string; needsEffortRating?: boolean; loadMethod: string }> }> }).days[0];
    };
    const flagged = await day();
    expect(flagged).toMatchObject({ date: '2026-11-18', class: 'easy', needsEffortRating: true });
    expect(flagged?.activities).toEqual([expect.objectContaining({ id: 'tm-1', needsEffortRating: true })]);
    expect(flagged?.evidence.join(' ')).toMatch(/rate the effort/);
    // another day is not flagged
    const tuesday = ((await (await rt.request('/api/me/days?from=2026-11-17&to=2026-11-17', { headers: { cookie } })).json()) as { days: Array<Record<string, unknown>> }).days[0];
    expect(tuesday).not.toHaveProperty('needsEffortRating');

    // the runner's pages ask for the rating on that day
    const history = await (await rt.request('/history', { headers: { cookie } })).text();
    expect(history).toContain('action="/form/api/me/activities/tm-1/effort?_method=PUT&amp;_next=%2Fhistory&amp;_back=%2Fhistory"');
    expect(history.match(/class="effort-prompt"/g)).toHaveLength(1);

    // bad ratings and someone else's activity change nothing
    const rate = (id: string, body: unknown, c = cookie) => rt!.request(`/api/me/activities/${id}/effort`, { method: 'PUT', headers: json(c), body: JSON.stringify(body) });
    for (const body of [{ rpe: 0 }, { rpe: 11 }, { rpe: 7.5 }, { rpe: '8' }, {}, { rpe: 8, note: 'hard' }]) {
      const res = await rate('tm-1', body);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    }
    expect((await rate('no-such-run', { rpe: 8 })).status).toBe(404);
    const other = await signedInUser(rt);
    expect((await rate('tm-1', { rpe: 8 }, other.cookie)).status).toBe(404);
    await replanNow(rt, user.id);
    expect((await day())?.needsEffortRating).toBe(true);

    // the page's own form (a plain post through the form bridge, no JavaScript) rates it
    const res = await rt.request('/form/api/me/activities/tm-1/effort?_method=PUT&_next=%2Fhistory', {
      method: 'POST',
      headers: { cookie, origin: 'http://hardday.test', accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['rpe:number', '8']]).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/history#flash');
    await replanNow(rt);
    expect(await (await rate('tm-1', { rpe: 8 })).json()).toEqual({ id: 'tm-1', date: '2026-11-18', perceivedExertion: 8 });

    const rated = await day();
    expect(rated?.class).toBe('hard');
    expect(rated?.evidence).toContain('RPE 8');
    expect(rated).not.toHaveProperty('needsEffortRating');
    expect(rated?.activities[0]).not.toHaveProperty('needsEffortRating');
    expect(rated?.activities[0]?.loadMethod).toBe('srpe');
    expect(await (await rt.request('/history', { headers: { cookie } })).text()).not.toContain('effort-prompt');

    // the file is sent again (renamed, still without watch data): the runner's rating stays
    const resent = await upsertActivity(rt.deps.db, user.id, activity('2026-11-18', { id: 'tm-1', sport: 'treadmill_run', name: 'Treadmill, renamed', minutes: 50, time: '18:00:00' }), 1);
    expect(resent.outcome).toBe('updated');
    expect(resent.row.perceivedExertion).toBe(8);
    await replanNow(rt, user.id);
    expect(await day()).toMatchObject({ class: 'hard', evidence: expect.arrayContaining(['RPE 8']) });
    expect((await day())?.activities[0]).toMatchObject({ name: 'Treadmill, renamed', loadMethod: 'srpe' });

    // the runner rates it again over the source's own rating: the runner's word holds when the
    // activity is rebuilt from its sources (another source of the same run arrives)
    await upsertActivity(rt.deps.db, user.id, { ...activity('2026-11-18', { id: 'tm-1', sport: 'treadmill_run', name: 'Treadmill', minutes: 50, time: '18:00:00' }), perceivedExertion: 5 }, 2);
    expect((await rate('tm-1', { rpe: 9 })).status).toBe(200);
    const merged = await upsertActivity(rt.deps.db, user.id, { ...activity('2026-11-18', { id: 'tm-1-watch', sport: 'treadmill_run', name: 'Treadmill', minutes: 50, time: '18:00:30' }), provider: 'garmin' }, 3);
    expect(merged.outcome).toBe('merged');
    expect(merged.row.perceivedExertion).toBe(9);

    // a rating sent by the source itself is the latest word
    await upsertActivity(rt.deps.db, user.id, { ...activity('2026-11-18', { id: 'tm-1', sport: 'treadmill_run', name: 'Treadmill', minutes: 50, time: '18:00:00' }), perceivedExertion: 4 }, 2);
    await replanNow(rt, user.id);
    expect(await day()).toMatchObject({ class: 'easy' });
    expect((await day())?.evidence).not.toContain('RPE 8');
  });
});
