/**
 * GET /api/me/imports and DELETE /api/me/imports/<id> through the real app: a file's run goes with
 * its file, a run Strava also holds stays (rebuilt from Strava), the plan is recomputed, another
 * runner gets 404 and changes nothing; the Data & privacy page lists the imports with a button.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { upsertActivity } from '../../src/db/repositories/activities';
import { activitiesTable, activitySourcesTable, jobsTable } from '../../src/db/schema';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { fitActivity } from './helpers';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

interface ImportedRun {
  id: string;
  activityId: string;
  startLocal: string;
  sport: string;
  distanceM: number | null;
  alsoFrom: string[];
}

async function call(path: string, cookie: string, method = 'GET') {
  const res = await (rt as TestRuntime).request(path, { method, headers: { cookie, origin: 'http://hardday.test', 'sec-fetch-site': 'same-origin' } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Two watch files for one runner; the Tuesday run was also synced from Strava. */
async function twoImports() {
  const r = await makeTestRuntime();
  rt = r;
  const runner = await signedInUser(r, { timeZone: 'Europe/Berlin' });
  const other = await signedInUser(r);
  await upsertActivity(
    r.deps.db,
    runner.user.id,
    { provider: 'strava', externalId: '987654', localDate: '2026-11-17', startLocal: '2026-11-17T18:05:00', utcOffsetMin: 60, startUtcMs: Date.parse('2026-11-17T17:05:00Z'), timeZone: 'Europe/Berlin', sport: 'run', name: 'Tempo Tuesday', durationS: 3400, distanceM: 12_000 },
    r.clock.now(),
  );
  const body = new FormData();
  const file = (bytes: Uint8Array, name: string) => body.append('files', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  file(fitActivity({ start: '2026-11-17T17:06:00Z', durationS: 3391, distanceM: 12_095, hr: 158, offsetMin: 60 }), 'tempo.fit');
  file(fitActivity({ start: '2026-11-18T06:30:00Z', durationS: 2700, distanceM: 9000, hr: 150, offsetMin: 60 }), 'easy.fit');
  const up = await r.request('/api/me/uploads', { method: 'POST', body, headers: { cookie: runner.cookie } });
  expect(await up.json()).toEqual({ imported: 1, duplicates: 1, skipped: [] });
  r.clock.advance(10_000);
  await r.runner.drain();
  const list = await call('/api/me/imports', runner.cookie);
  expect(list.status).toBe(200);
  const imports = list.json['imports'] as ImportedRun[];
  return { r, runner, other, imports };
}

const state = async (r: TestRuntime) => ({
  activities: await r.deps.db.select().from(activitiesTable).orderBy(activitiesTable.startUtcMs),
  sources: await r.deps.db.select().from(activitySourcesTable).orderBy(activitySourcesTable.provider, activitySourcesTable.externalId),
});

const dayActivities = async (cookie: string, date: string) => {
  const res = await call(`/api/me/days?from=${date}&to=${date}`, cookie);
  return ((res.json['days'] as Array<{ date: string; activities: unknown[] }>).find((d) => d.date === date)?.activities ?? []).length;
};

describe('imported files', () => {
  it('lists each imported run newest first, naming the other sources that hold it', async () => {
    const { imports } = await twoImports();
    expect(imports.map((i) => [i.startLocal, i.sport, i.distanceM, i.alsoFrom])).toEqual([
      ['2026-11-18T07:30:00', 'run', 9000, []],
      ['2026-11-17T18:06:00', 'run', 12_095, ['strava']],
    ]);
    expect(imports.every((i) => /^[0-9a-f]{64}$/.test(i.id))).toBe(true);
  });

  it('deletes a file-only run, replans, and answers the list left', async () => {
    const { r, runner, imports } = await twoImports();
    const easy = imports[0] as ImportedRun;
    expect(await dayActivities(runner.cookie, '2026-11-18')).toBe(1);

    const res = await call(`/api/me/imports/${easy.id}`, runner.cookie, 'DELETE');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ deleted: easy.id, activityKept: false, imports: [imports[1]] });
    const after = await state(r);
    expect(after.activities.map((a) => a.localDate)).toEqual(['2026-11-17']);
    expect(after.sources.map((s) => s.provider)).toEqual(['files', 'strava']);
    // the replan is queued (debounced like any other) and drops the run from its day
    expect((await r.deps.db.select().from(jobsTable)).some((j) => j.kind === 'plan.replan' && j.status === 'queued')).toBe(true);
    r.clock.advance(10_000);
    await r.runner.drain();
    expect(await dayActivities(runner.cookie, '2026-11-18')).toBe(0);

    // gone now: a second delete is a 404
    expect((await call(`/api/me/imports/${easy.id}`, runner.cookie, 'DELETE')).status).toBe(404);
  });

  it('a run Strava also holds stays, rebuilt from Strava', async () => {
    const { r, runner, imports } = await twoImports();
    const tempo = imports[1] as ImportedRun;
    const res = await call(`/api/me/imports/${tempo.id}`, runner.cookie, 'DELETE');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ deleted: tempo.id, activityKept: true });
    expect((res.json['imports'] as ImportedRun[]).map((i) => i.startLocal)).toEqual(['2026-11-18T07:30:00']);
    const after = await state(r);
    const tuesday = after.activities.find((a) => a.localDate === '2026-11-17');
    expect(tuesday).toMatchObject({ id: tempo.activityId, provider: 'strava', externalId: '987654', distanceM: 12_000, name: 'Tempo Tuesday' });
    expect(after.sources.filter((s) => s.activityId === tempo.activityId).map((s) => s.provider)).toEqual(['strava']);
  });

  it("another runner's delete is a 404 and changes nothing; so is an id that is no import", async () => {
    const { r, runner, other, imports } = await twoImports();
    const before = JSON.stringify(await state(r));
    const jobsBefore = (await r.deps.db.select().from(jobsTable)).length;
    for (const i of imports) {
      const res = await call(`/api/me/imports/${i.id}`, other.cookie, 'DELETE');
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect((await call('/api/me/imports/987654', runner.cookie, 'DELETE')).status).toBe(404);
    expect((await call('/api/me/imports/..%2F..%2Fetc', runner.cookie, 'DELETE')).status).toBe(404);
    expect((await call(`/api/me/imports/${imports[0]?.id}`, '', 'DELETE')).status).toBe(401);
    expect(JSON.stringify(await state(r))).toBe(before);
    expect((await r.deps.db.select().from(jobsTable)).length).toBe(jobsBefore);
    expect((await call('/api/me/imports', other.cookie)).json).toEqual({ imports: [] });
  });

  it('the Data & privacy page lists the imports, each with a delete button', async () => {
    const { r, runner, imports } = await twoImports();
    const html = await (await r.request('/privacy', { headers: { cookie: runner.cookie } })).text();
    for (const i of imports) expect(html).toContain(`action="/form/api/me/imports/${i.id}?_method=DELETE&amp;_next=%2Fprivacy%23imports-h&amp;_back=%2Fprivacy%23imports-h"`);
    expect(html).toContain('(also from strava: the run stays)');
  });
});
