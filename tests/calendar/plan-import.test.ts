import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanIcs } from '../../integrations/plan-import';
import { jobsTable, planSourcesTable } from '../../src/db/schema';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { JOB } from '../../src/core/jobs';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/calendar/${name}`, import.meta.url), 'utf8');
const TP = fixture('plan-trainingpeaks.ics');
const COACH = fixture('plan-coach-google.ics');
const window = { from: '2026-11-20', to: '2027-01-31' };

describe('plan feed parsing (ical.js)', () => {
  it('reads all-day events, drops cancelled ones, lets the higher SEQUENCE win, and keeps the window', () => {
    const runs = parsePlanIcs(TP, { timeZone: 'Europe/Berlin', ...window });
    expect(runs).toEqual([
      { date: '2026-11-23', title: 'Run: Easy aerobic 45min', description: 'Keep HR in zone 2.\nFinish with 4 strides.' },
      { date: '2026-11-25', title: 'Run: 6x800m @ 5k pace', description: 'WU 15min, 6x800m w/ 400m jog, CD 10min' },
      { date: '2026-11-26', title: 'Rest day' },
      // SEQUENCE 2 moved it from Saturday to Sunday
      { date: '2026-11-29', title: 'Run: Long run 18km progression', description: 'Moved to Sunday by your coach.' },
      // SEQUENCE 3 beats a later copy with SEQUENCE 1
      { date: '2026-12-01', title: 'Run: Recovery jog' },
    ]);
  });

  it('reads each timed run’s planned duration from DTEND, so a session can be placed after it', () => {
    const runs = parsePlanIcs(COACH, { timeZone: 'Europe/Berlin', ...window });
    expect(runs.find((r) => r.title === 'Threshold 2x15min')?.durationMin).toBe(60);
    expect(runs.find((r) => r.title === 'Hill repeats')?.durationMin).toBe(60);
    expect(runs.filter((r) => r.title === 'Easy run').every((r) => r.durationMin === 45)).toBe(true);
    expect(parsePlanIcs(TP, { timeZone: 'Europe/Berlin', ...window }).every((r) => r.durationMin === undefined)).toBe(true);
  });

  it('places timed events on the runner’s day and clock (TZID, UTC, recurring with EXDATE and an override, Outlook zone names)', () => {
    expect(parsePlanIcs(COACH, { timeZone: 'Europe/Berlin', ...window }).map((r) => [r.startLocal, r.title])).toEqual([
      ['2026-11-24T18:30', 'Threshold 2x15min'],
      ['2026-11-29T00:00', 'Night trail run'],
      ['2026-11-30T07:00', 'Easy run'],
      ['2026-12-03T06:30', 'Hill repeats'],
      ['2026-12-15T18:00', 'Easy run (moved to Tuesday evening)'],
      ['2026-12-21T07:00', 'Easy run'],
    ]);
    const ny = parsePlanIcs(COACH, { timeZone: 'America/New_York', ...window });
    expect(ny.find((r) => r.title === 'Night trail run')).toMatchObject({ date: '2026-11-28', title: 'Night trail run', startLocal: '2026-11-28T18:00' });
  });

  it('refuses something that is not iCalendar', () => {
    expect(() => parsePlanIcs('<html>login</html>', { timeZone: 'UTC' })).toThrow(/iCalendar/);
  });
});

describe('plan sources through the API, the job runner and SQLite', () => {
  const FEED_URL = 'https://plans.example.test/athlete/abc.ics';
  let body = TP;
  let etag = '"v1"';
  const seen: Array<string | null> = [];
  const server = setupServer(
    http.get(FEED_URL, ({ request }) => {
      seen.push(request.headers.get('if-none-match'));
      if (request.headers.get('if-none-match') === etag) return new HttpResponse(null, { status: 304, headers: { etag } });
      return new HttpResponse(body, { headers: { 'content-type': 'text/calendar', etag } });
    }),
    http.get('https://plans.example.test/broken.ics', () => new HttpResponse('nope', { status: 404 })),
  );
  let rt: TestRuntime;

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'bypass' });
    rt = await makeTestRuntime();
  });
  afterEach(() => server.resetHandlers());
  afterAll(async () => {
    server.close();
    await rt.dispose();
  });

  it('adds a source, reads it (classified runs stored, replan requested), then honours the ETag', async () => {
    const { user, cookie } = await signedInUser(rt, { timeZone: 'Europe/Berlin' });
    const created = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'webcal://plans.example.test/athlete/abc.ics' }) });
    expect(created.status).toBe(201);
    const source = (await created.json()) as { id: string; url: string; host: string };
    // Shown as the host only; stored sealed.
    expect(source).toMatchObject({ url: 'https://plans.example.test/…', host: 'plans.example.test' });
    const [stored] = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.id, source.id));
    expect(stored?.url).not.toContain('abc.ics');
    const again = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ url: FEED_URL }) });
    expect(again.status).toBe(200);

    await rt.runner.drain();
    const [row] = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.id, source.id));
    expect(row?.etag).toBe('"v1"');
    const runs = row?.plannedRuns as Array<{ date: string; class: string; evidence: string[] }>;
    expect(runs.map((r) => [r.date, r.class])).toEqual([
      ['2026-11-23', 'easy'],
      ['2026-11-25', 'hard'],
      ['2026-11-26', 'off'],
      ['2026-11-29', 'hard'],
      ['2026-12-01', 'easy'],
    ]);
    expect(runs[1]?.evidence[0]).toMatch(/intervals/);
    const replans = await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.idempotencyKey, `replan:${user.id}`));
    expect(replans).toHaveLength(1);

    // The 6-hourly read: 304, nothing changes.
    await rt.deps.jobs.enqueue({ kind: JOB.planSourceRefresh, payload: { sourceId: source.id }, idempotencyKey: 'refresh-2' });
    await rt.runner.drain();
    expect(seen.at(-1)).toBe('"v1"');

    // The coach edits the plan: new ETag, new runs.
    body = COACH;
    etag = '"v2"';
    await rt.deps.jobs.enqueue({ kind: JOB.planSourceRefresh, payload: { sourceId: source.id }, idempotencyKey: 'refresh-3' });
    await rt.runner.drain();
    const [updated] = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.id, source.id));
    expect(updated?.etag).toBe('"v2"');
    expect(((updated?.plannedRuns ?? []) as Array<{ title: string }>).map((r) => r.title)).toContain('Threshold 2x15min');

    const list = (await (await rt.request('/api/me/plan-sources', { headers: { cookie } })).json()) as { planSources: Array<{ id: string; plannedRuns: number; lastError: null }> };
    expect(list.planSources).toEqual([expect.objectContaining({ id: source.id, plannedRuns: updated?.plannedRuns.length, lastError: null })]);

    const del = await rt.request(`/api/me/plan-sources/${source.id}`, { method: 'DELETE', headers: { cookie } });
    expect(del.status).toBe(204);
    expect((await rt.request(`/api/me/plan-sources/${source.id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(404);
  });

  it('records a broken feed on the source without retrying forever, and rejects non-http URLs', async () => {
    const { cookie } = await signedInUser(rt);
    const bad = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'file:///etc/passwd' }) });
    expect(bad.status).toBe(422);
    const res = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://plans.example.test/broken.ics' }) });
    const { id } = (await res.json()) as { id: string };
    await rt.runner.drain();
    const [row] = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.id, id));
    // The status class only: neither the exact status nor the body of a server the runner named.
    expect(row?.lastError).toMatch(/4xx/);
    expect(row?.lastError).not.toMatch(/404|nope/);
    const jobs = await rt.deps.db.select().from(jobsTable).where(eq(jobsTable.kind, JOB.planSourceRefresh));
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
  });
});
