/**
 * POST /api/me/uploads (multipart, streamed) and GET /api/me/plan/<sessionId>.fit, through the
 * real app on a real SQLite file.
 */
import { Decoder, Stream } from '@garmin/fitsdk';
import { gzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { workoutSteps } from '../../integrations/files';
import type { PlannedSession } from '../../rules';
import { entryFromSession } from '../../src/calendar/entries';
import { sessionsOf } from '../../src/db/repositories/planning';
import { activitiesTable } from '../../src/db/schema';
import { FLASH_COOKIE } from '../../src/pages/flash';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';
import { cookieSet } from '../scenarios/strava';
import { fitActivity, gpx, text, track } from './helpers';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** A Strava export whose activities.csv comes after the files it names (read while streaming). */
function stravaExport(): Uint8Array {
  return zipSync({
    activities: { '201.fit.gz': gzipSync(fitActivity({ start: '2026-11-12T07:00:00Z', durationS: 1800, distanceM: 5000, hr: 140 })) },
    'activities.csv': text('Activity ID,Activity Date,Activity Name,Activity Type,Filename\n201,"Nov 12, 2026",Morning tempo,Run,activities/201.fit.gz\n202,"Nov 13, 2026",Gym,Weight Training,'),
  });
}

function form(files: Array<[string, Uint8Array]>): FormData {
  const f = new FormData();
  f.append('note', 'not a file');
  for (const [name, bytes] of files) f.append('files', blob(bytes), name);
  return f;
}

async function upload(cookie: string, body: FormData | string, headers: Record<string, string> = {}) {
  const res = await (rt as TestRuntime).request('/api/me/uploads', { method: 'POST', body, headers: { cookie, ...headers } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/me/uploads', () => {
  it('imports files and an archive in one request, answers the summary, and replans', async () => {
    rt = await makeTestRuntime();
    const { user, cookie } = await signedInUser(rt);
    const run = fitActivity({ start: '2026-11-18T06:30:00Z', durationS: 2700, distanceM: 9000, hr: 150, offsetMin: 60 });
    const res = await upload(
      cookie,
      form([
        ['run.fit', run],
        ['run copy.fit', run],
        ['evening.gpx', text(gpx(track('2026-11-16T17:00:00Z', 400, 5, () => 140), { name: 'Evening run', type: 'running' }))],
        ['../../etc/broken.fit', run.subarray(0, 30)],
        ['export_1.zip', stravaExport()],
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ imported: 3, duplicates: 1 });
    const skipped = res.json['skipped'] as Array<{ file: string; reason: string }>;
    expect(skipped.map((s) => s.file)).toEqual(['broken.fit', 'export_1.zip/activities.csv (activity 202)']);
    const stored = await rt.deps.db.select().from(activitiesTable);
    expect(stored.map((a) => a.name).sort()).toEqual(['Evening run', 'Morning tempo', null].sort());
    expect(stored.every((a) => a.userId === user.id)).toBe(true);

    // the runner is waiting on this batch: the replan is due now, not after the webhook debounce
    await rt.runner.drain();
    const days = (await (await rt.request('/api/me/days?from=2026-11-12&to=2026-11-20', { headers: { cookie } })).json()) as { days: Array<{ date: string; activities: unknown[] }> };
    expect(days.days.find((d) => d.date === '2026-11-18')?.activities).toHaveLength(1);
  });

  it('through the page form: the message says the plan is being updated when something was imported', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const viaPage = async (name: string) => {
      const f = new FormData();
      f.append('files', blob(fitActivity({ start: '2026-11-18T06:30:00Z', durationS: 2700, distanceM: 9000, hr: 150, offsetMin: 60 })), name);
      const res = await (rt as TestRuntime).request('/form/api/me/uploads?_next=%2Fstart&_back=%2Fstart', { method: 'POST', headers: { cookie, origin: 'http://hardday.test', accept: 'text/html' }, body: f });
      expect(res.status).toBe(303);
      const flash = cookieSet(res, FLASH_COOKIE) ?? '';
      return (await (await (rt as TestRuntime).request('/start', { headers: { cookie: `${cookie}; ${flash}` } })).text()).match(/Import finished[^<]*/)?.[0];
    };
    expect(await viaPage('run.fit')).toBe('Import finished: 1 imported, 0 already there, 0 skipped. Your plan is being updated: the new runs show in a moment.');
    expect(await viaPage('again.fit')).toBe('Import finished: 0 imported, 1 already there, 0 skipped.');
  });

  it('names the problem with a 4xx JSON error', async () => {
    rt = await makeTestRuntime({ env: { UPLOAD_MAX_BYTES: '200000', UPLOAD_MAX_FILES: '2' } });
    const { cookie } = await signedInUser(rt);
    const anon = await rt.request('/api/me/uploads', { method: 'POST', body: form([['a.fit', fitActivity({ start: '2026-11-18T06:30:00Z', durationS: 60 })]]) });
    expect(anon.status).toBe(401);

    const notMultipart = await upload(cookie, '{"files":[]}', { 'content-type': 'application/json' });
    expect(notMultipart.status).toBe(400);
    expect(notMultipart.json).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('multipart/form-data') } });

    const empty = await upload(cookie, form([]));
    expect(empty).toMatchObject({ status: 422, json: { error: { message: expect.stringContaining('no files') } } });

    const big = await upload(cookie, form([['big.fit', new Uint8Array(300_000)]]));
    expect(big).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('200000') } } });

    const f = (m: number) => fitActivity({ start: `2026-11-1${m}T06:30:00Z`, durationS: 600 });
    const many = await upload(cookie, form([['1.fit', f(1)], ['2.fit', f(2)], ['3.fit', f(3)]]));
    expect(many).toMatchObject({ status: 413, json: { error: { message: expect.stringContaining('more than 2 files') } } });
  });

  it('stops a zip bomb at the unpacked limit and still imports the rest', async () => {
    rt = await makeTestRuntime({ env: { UPLOAD_MAX_UNPACKED_BYTES: '5000000' } });
    const { cookie } = await signedInUser(rt);
    const bomb = zipSync({ 'huge.gpx': new Uint8Array(20_000_000).fill(0x20) }, { level: 9 });
    const res = await upload(cookie, form([['bomb.zip', bomb], ['ok.fit', fitActivity({ start: '2026-11-18T06:30:00Z', durationS: 600, distanceM: 2000 })]]));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ imported: 1, skipped: [{ file: 'bomb.zip/huge.gpx' }] });
  });
});

describe('GET /api/me/plan/<sessionId>.fit', () => {
  it('answers each planned session as a FIT workout that decodes back to the session; runner only', async () => {
    rt = await makeTestRuntime();
    const { cookie } = await signedInUser(rt);
    const runs: Array<[string, Uint8Array]> = [];
    for (let d = 1; d <= 12; d++) {
      const day = String(d + 6).padStart(2, '0');
      runs.push([`r${d}.fit`, fitActivity({ start: `2026-11-${day}T06:30:00Z`, durationS: 2400 + d * 60, distanceM: 8000 + d * 100, hr: 140 + (d % 4) * 8, offsetMin: 60 })]);
    }
    expect((await upload(cookie, form(runs))).json).toMatchObject({ imported: 12 });
    rt.clock.advance(10_000);
    await rt.runner.drain();
    const plan = (await (await rt.request('/api/me/plan', { headers: { cookie } })).json()) as { sessions: PlannedSession[] };
    expect(plan.sessions.length).toBeGreaterThan(0);
    for (const session of plan.sessions) {
      const res = await rt.request(`/api/me/plan/${encodeURIComponent(session.id)}.fit`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('.fit');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(new Decoder(Stream.fromByteArray(bytes)).checkIntegrity()).toBe(true);
      const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read();
      expect(errors).toEqual([]);
      expect(messages.workoutMesgs?.[0]?.wktName).toBe(session.title);
      const steps = messages.workoutStepMesgs ?? [];
      const expected = workoutSteps(session.exercises);
      expect(steps).toHaveLength(expected.length);
      const work = steps.filter((s) => s.intensity !== 'rest').map((s) => s.wktStepName);
      expect(work).toEqual(session.exercises.flatMap((e) => Array.from({ length: e.sets }, () => e.name)));
    }
    // each calendar event links the download
    const rows = await sessionsOf(rt.deps.db, (await rt.deps.db.select().from(activitiesTable))[0]?.userId as string);
    const entry = await entryFromSession(rows[0] as (typeof rows)[number], { timeZone: 'Europe/Berlin', publicUrl: 'http://hardday.test' });
    expect(entry.descriptionText).toContain(`http://hardday.test/api/me/plan/${encodeURIComponent(rows[0]?.id as string)}.fit`);
    const other = await signedInUser(rt);
    const first = plan.sessions[0] as PlannedSession;
    expect((await rt.request(`/api/me/plan/${encodeURIComponent(first.id)}.fit`, { headers: { cookie: other.cookie } })).status).toBe(404);
    expect((await rt.request(`/api/me/plan/${encodeURIComponent(first.id)}.fit`)).status).toBe(401);
  });
});
