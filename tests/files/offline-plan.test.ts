/** The offline planner mapping, the import batch summary, option parsing and the progress bar. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NewActivity } from '../../src/core/activity';
import { importSummary, parseImportBatch } from '../../src/files/import-summary';
import { athleteProfileOf, OFFLINE_HISTORY_DAYS, planOffline } from '../../src/files/offline-plan';
import { activityInputOf } from '../../src/planning/activity-input';
import { parseDistance, parseRace } from '../../src/files/plan-options';
import { planText, sessionEntries } from '../../src/files/plan-output';
import { PROGRESS_MIN_FILES, progressFor } from '../../src/files/progress';
import { fitActivity, text } from './helpers';

function run(date: string, over: Partial<NewActivity> = {}): NewActivity {
  return {
    provider: 'files',
    externalId: `id-${date}`,
    localDate: date,
    startLocal: `${date}T07:00:00`,
    utcOffsetMin: 60,
    startUtcMs: Date.parse(`${date}T06:00:00Z`),
    timeZone: 'Europe/Berlin',
    sport: 'run',
    name: null,
    durationS: 2400,
    movingTimeS: 2350,
    distanceM: 7000,
    elevationGainM: null,
    avgHrBpm: 140,
    maxHrBpm: null,
    hrZoneTimesS: null,
    workoutType: 'default',
    ...over,
  };
}

describe('planOffline', () => {
  it('maps activities like replan does (nulls dropped) and builds the profile from options', () => {
    expect(activityInputOf(run('2026-11-20', { name: 'Tempo' }))).toEqual({
      id: 'id-2026-11-20',
      sport: 'run',
      startLocal: '2026-11-20T07:00:00',
      utcOffsetMin: 60,
      durationS: 2400,
      movingTimeS: 2350,
      distanceM: 7000,
      avgHrBpm: 140,
      workoutType: 'default',
      name: 'Tempo',
    });
    expect(athleteProfileOf({ races: [], today: '2026-11-25', tz: 'Europe/Berlin', sex: 'f', hrMax: 190, hrRest: 50, equipment: ['bands', 'bands'], injured: 'knee' })).toEqual({
      timeZone: 'Europe/Berlin',
      experience: 'regular',
      equipment: ['bands'],
      sex: 'f',
      hrMaxBpm: 190,
      hrRestBpm: 50,
      injury: { area: 'knee', canRun: true },
    });
  });

  it('classifies the days with evidence and plans sessions with reasons; future days are expected', () => {
    const acts: NewActivity[] = [];
    for (let d = 1; d <= 28; d++) {
      const date = new Date(Date.parse('2026-11-25T00:00:00Z') - d * 86_400_000).toISOString().slice(0, 10);
      if (d % 7 === 3) acts.push(run(date, { durationS: 6000, distanceM: 18_000, avgHrBpm: 150 }));
      else if (d % 7 !== 0) acts.push(run(date));
    }
    const plan = planOffline(acts, { races: [{ date: '2026-12-05', distanceM: 10_000, terrain: 'road', priority: 'A' }], today: '2026-11-25', tz: 'Europe/Berlin', hrMax: 190, hrRest: 50 });
    const longDay = plan.days.find((d) => d.date === '2026-11-22');
    expect(longDay).toMatchObject({ class: 'hard', source: 'actual' });
    expect(longDay!.evidence.length).toBeGreaterThan(0);
    expect(plan.days.find((d) => d.date === '2026-11-26')?.source).toBe('expected');
    expect(plan.days.find((d) => d.date === '2026-12-05')?.class).toBe('hard');
    expect(plan.sessions.length).toBeGreaterThan(0);
    for (const s of plan.sessions) {
      expect(s.date >= '2026-11-25').toBe(true);
      expect(s.reasons.length).toBeGreaterThan(0);
      expect(s.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$/);
    }
    expect(plan.disclaimer).toMatch(/not medical advice/i);
  });

  it('ignores activities outside the history window or after today, and repeated ids', () => {
    const old = run('2026-01-01');
    const future = run('2026-12-01');
    const today = run('2026-11-25');
    const plan = planOffline([old, future, today, { ...today }], { races: [], today: '2026-11-25', tz: 'Europe/Berlin' });
    const withActivities = plan.days.filter((d) => d.activities.length > 0);
    expect(withActivities.map((d) => [d.date, d.activities.length])).toEqual([['2026-11-25', 1]]);
    expect(OFFLINE_HISTORY_DAYS).toBe(120);
  });

  it('renders calendar entries in the runner zone and a text plan', () => {
    const entries = sessionEntries(
      [{ id: 's1', date: '2026-11-26', start: '2026-11-26T18:30:00+01:00', durationMin: 45, title: 'Strength', kind: 'strength', exercises: [{ name: 'Calf raise', sets: 2, reps: 15, restSec: 45 }], rules: ['R1'], reasons: ['why not'] }],
      'Europe/Berlin',
    );
    expect(entries[0]).toMatchObject({ key: 's1', timing: { kind: 'timed', startLocal: '2026-11-26T18:30:00', endLocal: '2026-11-26T19:15:00', timeZone: 'Europe/Berlin' }, busy: true });
    expect(entries[0]!.descriptionText).toBe('Calf raise 2×15, rest 45s\n\nWhy: why not');
    expect(planText({ days: [], sessions: [] })).toContain('no strength sessions planned');
  });
});

describe('import batch', () => {
  it('counts duplicates in the batch, keeps skipped files with their reasons, and summarises', async () => {
    const fit = fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 600 });
    const done: string[] = [];
    const parsed = await parseImportBatch(
      [
        { name: 'a.fit', bytes: fit },
        { name: 'again.zip', bytes: zipSync({ 'a.fit': fit }) },
        { name: 'bad.gpx', bytes: text('<gpx>') },
      ],
      { onInputDone: (f) => done.push(f) },
    );
    expect(parsed.activities).toHaveLength(1);
    expect(parsed.duplicates).toBe(1);
    expect(parsed.skipped).toMatchObject([{ file: 'bad.gpx', code: 'invalid_xml' }]);
    expect(done).toEqual(['a.fit', 'again.zip', 'bad.gpx']);
    expect(importSummary(parsed, { imported: 0, alreadyStored: 1 })).toEqual({ imported: 0, duplicates: 2, skipped: [{ file: 'bad.gpx', reason: parsed.skipped[0]!.reason }] });
  });
});

describe('plan options', () => {
  it('distances', () => {
    expect(parseDistance('5k')).toBe(5000);
    expect(parseDistance('10K')).toBe(10_000);
    expect(parseDistance('half')).toBe(21_097.5);
    expect(parseDistance('marathon')).toBe(42_195);
    expect(parseDistance('21.1km')).toBe(21_100);
    expect(parseDistance('50k')).toBe(50_000);
    expect(parseDistance('8000')).toBe(8000);
    expect(parseDistance('1500m')).toBe(1500);
    expect(() => parseDistance('3mi')).toThrow(/is not 5k, 10k/);
    expect(() => parseDistance('5')).toThrow(/outside 100 m/);
  });

  it('race specs, terrain and priority in either order, repeatable', () => {
    const races = parseRace('2026-12-13:10k', parseRace('2027-04-20:marathon:B:trail'));
    expect(races).toEqual([
      { date: '2027-04-20', distanceM: 42_195, terrain: 'trail', priority: 'B' },
      { date: '2026-12-13', distanceM: 10_000, terrain: 'road', priority: 'A' },
    ]);
    expect(() => parseRace('2026-12-13')).toThrow(/distance is missing/);
    expect(() => parseRace('2026-12-13:10k:A:B')).toThrow(/"B" is neither/);
  });
});

describe('progress bar', () => {
  it('stays silent for small batches and when stderr is not a terminal', () => {
    let written = '';
    const stream = { write: (s: string) => (written += s), isTTY: false };
    const p = progressFor(100, stream);
    p.tick('a.fit');
    p.stop();
    const small = progressFor(PROGRESS_MIN_FILES, { ...stream, isTTY: true });
    small.tick('a.fit');
    small.stop();
    expect(written).toBe('');
  });

  it('draws on a terminal for a big batch', () => {
    let written = '';
    const write = (s: string): boolean => {
      written += s;
      return true;
    };
    const tty = { write, isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => tty, removeListener: () => tty };
    const p = progressFor(PROGRESS_MIN_FILES + 5, tty);
    for (let i = 0; i < PROGRESS_MIN_FILES + 5; i++) p.tick(`${i}.fit`);
    p.stop();
    expect(written).toContain('reading files');
  });
});
