/**
 * `hardday plan` end to end on a folder of sample files, with the real Node reader and writer:
 * prints days and sessions, writes an ICS file (parsed back with ical.js) and FIT workouts
 * (decoded back with the SDK).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';
import { gzipSync } from 'fflate';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Day, PlannedSession } from '../../rules';
import { createPlanCommand, type PlanIo, runPlanCommand } from '../../src/files/plan-command';
import { readInputs, writeOutputFile } from '../../src/platform/node/files-input';
import { fitActivity, fixtureUrl, gpx, text, track } from './helpers';

const NOW = Date.parse('2026-11-25T08:00:00Z');
let tmp: string;
let samples: string;

function io(): PlanIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readInputs: (paths) => readInputs(paths),
    writeFile: writeOutputFile,
    now: () => NOW,
    localTimeZone: () => 'Europe/Berlin',
    out: () => out,
    err: () => err,
  };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hardday-plan-'));
  samples = join(tmp, 'samples');
  mkdirSync(join(samples, 'older'), { recursive: true });
  // six weeks of runs: easy 40 min most days, a long run on Sundays, intervals on Wednesdays
  for (let d = 1; d <= 42; d++) {
    const day = new Date(NOW - d * 86_400_000);
    const weekday = day.getUTCDay();
    if (weekday === 1 || weekday === 5) continue;
    const date = day.toISOString().slice(0, 10);
    const long = weekday === 0;
    const hard = weekday === 3;
    const bytes = fitActivity({ start: `${date}T06:00:00Z`, durationS: long ? 6600 : 2400, distanceM: long ? 20_000 : 7000, hr: hard ? 172 : 138, offsetMin: 60 });
    writeFileSync(join(samples, d > 21 ? 'older' : '.', `${date}.fit${d % 2 ? '.gz' : ''}`), d % 2 ? gzipSync(bytes) : bytes);
  }
  writeFileSync(join(samples, 'evening.gpx'), gpx(track(new Date(NOW - 86_400_000).toISOString().slice(0, 10) + 'T17:00:00Z', 200, 10, () => 145), { name: 'Evening shakeout' }));
  copyFileSync(fixtureUrl('fit/activity-unexpected-eof.fit'), join(samples, 'broken.fit'));
  writeFileSync(join(samples, 'README.txt'), 'not an activity, ignored when walking the folder');
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('hardday plan', () => {
  it('plans from a folder: prints days and sessions, writes a valid ICS and FIT workouts', async () => {
    const ics = join(tmp, 'plan.ics');
    const fitDir = join(tmp, 'out');
    const table = io();
    const code = await runPlanCommand([samples, '--race', '2026-12-13:10k', '--today', '2026-11-25', '--tz', 'Europe/Berlin', '--ics', ics, '--fit-dir', fitDir], table);
    expect(table.err()).toContain('broken.fit: is truncated');
    expect(code).toBe(0);
    expect(table.err()).toMatch(/read 31 activities \(0 duplicates, 1 skipped\)/);
    const out = table.out();
    expect(out).toMatch(/^Days\ndate\s+class\s+source\s+load\s+evidence/);
    expect(out).toMatch(/2026-11-18 hard\s+actual/);
    expect(out).toMatch(/2026-11-26 \w+\s+expected/);
    expect(out).toContain('Strength sessions');

    const json = io();
    expect(await runPlanCommand([samples, '--race', '2026-12-13:10k', '--today', '2026-11-25', '--tz', 'Europe/Berlin', '--json'], json)).toBe(0);
    const plan = JSON.parse(json.out()) as { days: Day[]; sessions: PlannedSession[] };
    expect(Object.keys(plan)).toEqual(['days', 'sessions']);
    expect(plan.sessions.length).toBeGreaterThan(0);
    expect(plan.days.find((d) => d.date === '2026-11-24')).toMatchObject({ source: 'actual' });
    expect(plan.days.find((d) => d.date === '2026-11-22')?.activities[0]).toMatchObject({ sport: 'run', durationS: 6600 });
    for (const s of plan.sessions) {
      expect(out).toContain(`${s.date} ${s.start.slice(11, 16)}  ${s.title}`);
      for (const e of s.exercises) expect(out).toContain(`    - ${e.name}`);
      for (const r of s.reasons) expect(out).toContain(`    why: ${r}`);
    }

    const calendar = new ICAL.Component(ICAL.parse(readFileSync(ics, 'utf8')));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid).sort()).toEqual(plan.sessions.map((s) => `${s.id}@hardday`).sort());
    for (const s of plan.sessions) {
      const ev = events.find((e) => e.uid === `${s.id}@hardday`)!;
      expect(ev.summary).toBe(s.title);
      expect(ev.startDate.toJSDate().getTime()).toBe(Date.parse(s.start));
      expect(ev.endDate.toJSDate().getTime() - ev.startDate.toJSDate().getTime()).toBe(s.durationMin * 60_000);
      expect(ev.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Berlin');
      expect(ev.description).toContain(s.exercises[0]!.name);
    }

    const written = readdirSync(fitDir).sort();
    expect(written).toHaveLength(plan.sessions.length);
    for (const s of plan.sessions) {
      const file = written.find((f) => f === `${s.date}-${s.id}.fit`);
      expect(file).toBeDefined();
      const bytes = new Uint8Array(readFileSync(join(fitDir, file!)));
      expect(new Decoder(Stream.fromByteArray(bytes)).checkIntegrity()).toBe(true);
      const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read();
      expect(errors).toEqual([]);
      expect(messages.workoutMesgs?.[0]).toMatchObject({ wktName: s.title.slice(0, 40), subSport: 'strengthTraining' });
      const sets = (messages.workoutStepMesgs ?? []).filter((st) => st.intensity === 'active');
      expect(sets.map((st) => st.wktStepName)).toEqual(s.exercises.flatMap((e) => Array.from({ length: e.sets }, () => e.name.slice(0, 40))));
    }
  });

  it('defaults today to the real date in the zone; takes a zip as input', async () => {
    const { zipSync } = await import('fflate');
    const zipPath = join(tmp, 'runs.zip');
    writeFileSync(zipPath, zipSync({ 'a.fit': fitActivity({ start: '2026-11-24T06:00:00Z', durationS: 2400, distanceM: 7000, hr: 140 }) }));
    const run = io();
    expect(await runPlanCommand([zipPath, '--json'], run)).toBe(0);
    const plan = JSON.parse(run.out()) as { days: Day[] };
    expect(plan.days.some((d) => d.date === '2026-11-25' && d.source === 'actual')).toBe(true);
    expect(plan.days.some((d) => d.date === '2026-11-26' && d.source === 'expected')).toBe(true);
  });

  it('names a bad option value', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--race', '2026-12-40:10k'], /option '--race <spec>' argument '2026-12-40:10k' is invalid\. race "2026-12-40:10k": "2026-12-40" is not a date/],
      [['--race', '2026-12-13:fast'], /distance "fast" is not 5k, 10k, half, marathon/],
      [['--race', '2026-12-13:10k:mud'], /"mud" is neither a terrain/],
      [['--tz', 'Mars/Olympus'], /"Mars\/Olympus" is not an IANA time zone/],
      [['--equipment', 'bands,rowing-machine'], /equipment "rowing-machine" is not in bodyweight, bands/],
      [['--hr-max', '400'], /max heart rate "400"/],
      [['--sex', 'x'], /"x" is not m or f/],
      [['--injured', 'elbow'], /"elbow" is not an injury area/],
      [['--hr-max', '105', '--hr-rest', '110'], /--hr-rest 110 must be below --hr-max 105/],
    ];
    for (const [args, message] of cases) {
      const run = io();
      expect(await runPlanCommand([samples, ...args], run), args.join(' ')).toBe(1);
      expect(run.err()).toMatch(message);
      expect(run.out()).toBe('');
    }
  });

  it('prints help and fails on a missing input', async () => {
    const help = io();
    expect(await runPlanCommand(['--help'], help)).toBe(0);
    expect(help.out()).toContain('Usage: plan [options] <inputs...>');
    expect(help.out()).toContain('--race <spec>');
    const none = io();
    expect(await runPlanCommand([], none)).toBe(1);
    expect(none.err()).toContain("missing required argument 'inputs'");
    const empty = io();
    mkdirSync(join(tmp, 'empty'), { recursive: true });
    expect(await runPlanCommand([join(tmp, 'empty')], empty)).toBe(1);
    expect(empty.err()).toContain('no activity files found');
    // only unreadable files: a failure, not an empty plan
    mkdirSync(join(tmp, 'broken-only'), { recursive: true });
    copyFileSync(fixtureUrl('fit/activity-unexpected-eof.fit'), join(tmp, 'broken-only', 'broken.fit'));
    const broken = io();
    expect(await runPlanCommand([join(tmp, 'broken-only')], broken)).toBe(1);
    expect(broken.err()).toContain('none of the 1 files could be used');
  });

  it('says so when every activity is older than the history it reads, and how to plan as of then', async () => {
    const old = io();
    expect(await runPlanCommand([samples, '--today', '2027-12-01'], old)).toBe(0);
    expect(old.err()).toMatch(/note: none of the \d+ activities is in the 120 days up to 2027-12-01 \(they are from \d{4}-\d{2}-\d{2} to (\d{4}-\d{2}-\d{2})\); plan as of then with --today \1/);
    const current = io();
    expect(await runPlanCommand([samples], current)).toBe(0);
    expect(current.err()).not.toContain('note: none');
  });

  it('is a commander Command the main CLI can mount', () => {
    const command = createPlanCommand(io());
    expect(command.name()).toBe('plan');
    expect(command.options.map((o) => o.long)).toEqual(['--race', '--today', '--tz', '--sex', '--hr-max', '--hr-rest', '--equipment', '--injured', '--ics', '--fit-dir', '--json']);
  });
});

describe('reading inputs', () => {
  it('walks folders for activity files only, in order, and counts them up front', async () => {
    const source = await readInputs([samples]);
    expect(Array.isArray(source) ? source.length : source.count).toBe(32);
  });

  it('a text file named explicitly is passed on (and reported by the parser)', async () => {
    const source = await readInputs([join(samples, 'README.txt')]);
    const names: string[] = [];
    for await (const f of source) names.push(f.name);
    expect(names).toEqual([join(samples, 'README.txt')]);
    expect(text('x')).toHaveLength(1);
  });
});
