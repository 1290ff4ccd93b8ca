/** Runner stories: day classes and session placement end to end. */
import { describe, expect, it } from 'vitest';
import { addDays, classifyDays, exerciseLibrary, planStrength } from '../../rules/index';
import type { PlanResult } from '../../rules/index';
import { athlete, diffDays, history, planInput, run, TUE_THU_SUN, weekday } from './helpers';

const byName = new Map(exerciseLibrary.map((e) => [e.name, e]));
const cls = (p: PlanResult, date: string) => p.days.find((d) => d.date === date)?.class;
const dates = (p: PlanResult) => p.sessions.map((s) => s.date);
const roles = (p: PlanResult, k = 0) => p.sessions[k]?.exercises.map((e) => byName.get(e.name)?.role) ?? [];

describe('runner stories', () => {
  it('Road 5k runner: lifts after Tuesday/Thursday sessions, power & hips, timed 3 h after the run', () => {
    const today = '2026-03-17'; // Tuesday
    const acts = [
      ...history('2026-01-05', '2026-03-16', ['easy', 'hard', 'easy', 'hard', 'off', 'easy', 'easy']),
      run(today, { name: 'Track 8x400', time: '07:00', min: 45, avgHrBpm: 165 }),
    ];
    const p = planStrength(planInput({ today, activities: acts, athlete: athlete({ equipment: ['gym'] }), races: [{ id: '5k', date: '2026-05-02', distanceM: 5000, terrain: 'road', priority: 'A' }] }));
    expect(cls(p, today)).toBe('hard');
    expect(p.days.find((d) => d.date === today)?.source).toBe('actual');
    expect(dates(p)).toEqual(['2026-03-17', '2026-03-19', '2026-03-24', '2026-03-26']);
    expect(p.sessions[0]?.start).toBe('2026-03-17T10:45:00+01:00');
    expect(p.sessions[0]?.title).toMatch(/power & hips/);
    expect(roles(p)).toEqual(expect.arrayContaining(['power', 'hip']));
  });

  it('Trail ultra: hills on Wednesday, long trail run Saturday → stability, single-leg, eccentric', () => {
    const today = '2026-03-16';
    const acts = history('2026-01-05', '2026-03-15', ['off', 'easy', 'hard', 'easy', 'off', 'long', 'easy']).map((a) => ({ ...a, sport: 'trail_run' as const }));
    const p = planStrength(planInput({ today, activities: acts, athlete: athlete({ equipment: ['dumbbells'] }), races: [{ id: 'utmb', date: '2026-05-30', distanceM: 100000, terrain: 'trail', priority: 'A' }] }));
    expect(dates(p).map(weekday)).toEqual([2, 5, 2, 5]);
    expect(roles(p)).toEqual(expect.arrayContaining(['single_leg', 'eccentric', 'calf']));
    expect(p.sessions.every((s) => s.exercises.every((e) => !byName.get(e.name)?.plyometric))).toBe(true);
  });

  it('Marathon taper: half sets two weeks out, one activation session in race week, nothing after', () => {
    const today = '2026-03-16';
    const p = planStrength(planInput({ today, activities: history('2026-01-05', '2026-03-15', TUE_THU_SUN), races: [{ id: 'm', date: '2026-03-29', distanceM: 42195, terrain: 'road', priority: 'A' }] }));
    const raceWeek = p.sessions.filter((s) => s.date >= '2026-03-22');
    expect(raceWeek).toHaveLength(1);
    expect(raceWeek[0]?.kind).toBe('mobility');
    expect(diffDays('2026-03-29', raceWeek[0]?.date ?? '')).toBeGreaterThanOrEqual(3);
    expect(p.sessions.filter((s) => s.date < '2026-03-22').every((s) => s.rules.includes('R-TAPER'))).toBe(true);
    expect(p.phase).toBe('taper');
  });

  it('Back-to-back hard weekend: long run Saturday, tempo Sunday → lift Sunday', () => {
    const today = '2026-03-16';
    const p = planStrength(planInput({ today, athlete: athlete({ sessionsPerWeek: 2 }), activities: history('2026-01-05', '2026-03-15', ['off', 'easy', 'off', 'easy', 'off', 'long', 'hard']) }));
    expect(cls(p, '2026-03-21')).toBe('hard');
    expect(cls(p, '2026-03-22')).toBe('hard');
    expect(dates(p)).toContain('2026-03-22');
    expect(dates(p)).not.toContain('2026-03-21');
    expect(p.sessions.find((s) => s.date === '2026-03-22')?.rules).toContain('R2');
  });

  it('No HR data: classified by keywords and pace, pace loads, thresholds marked estimated', () => {
    const today = '2026-03-16';
    const acts = history('2026-01-05', '2026-03-15', TUE_THU_SUN, { hr: false });
    const p = planStrength(planInput({ today, activities: acts, athlete: athlete({ hrMaxBpm: undefined, hrRestBpm: undefined }) }));
    expect(p.thresholds.hrMaxBpm).toBeUndefined();
    expect(p.thresholds.estimated).toBe(true);
    const tue = p.days.find((d) => d.date === '2026-03-10');
    expect(tue?.class).toBe('hard');
    expect(tue?.activities[0]?.loadMethod).toBe('pace');
    expect(p.days.find((d) => d.date === '2026-03-12')?.class).toBe('hard');
    expect(p.days.find((d) => d.date === '2026-03-11')?.class).toBe('easy');
    expect(p.sessions.length).toBeGreaterThan(0);
  });

  it('Treadmill runs count as running: treadmill intervals make a hard day', () => {
    const acts = [run('2026-03-10', { sport: 'treadmill_run', name: 'Treadmill intervals', min: 40, distanceM: 0 }), run('2026-03-11', { sport: 'treadmill_run', min: 30 })];
    const d = classifyDays({ athlete: athlete(), activities: acts, from: '2026-03-10', to: '2026-03-12' });
    expect(d.map((x) => x.class)).toEqual(['hard', 'easy', 'off']);
  });

  it('Two runs in a day: easy morning + evening intervals → hard, session after the later run', () => {
    const today = '2026-03-17';
    const acts = [
      ...history('2026-01-05', '2026-03-16', TUE_THU_SUN),
      run(today, { name: 'Easy', time: '06:30', min: 30 }),
      run(today, { name: 'Intervals 10x400', time: '12:00', min: 50 }),
    ];
    const p = planStrength(planInput({ today, activities: acts }));
    const d = p.days.find((x) => x.date === today);
    expect(d?.class).toBe('hard');
    expect(d?.activities).toHaveLength(2);
    expect(p.sessions[0]?.date).toBe(today);
    expect(p.sessions[0]?.start).toBe('2026-03-17T16:00:00+01:00'); // 12:00 + 50 min + 3 h, rounded up to 15 min
  });

  it('A run across midnight in another time zone belongs to its local start day', () => {
    // Paris-based runner in New York: starts 23:30 local (UTC−4 in March after US DST), i.e. 04:30 Paris next day
    const acts = [run('2026-03-14', { time: '23:30', utcOffsetMin: -240, min: 70, name: 'Night long run', km: 14 })];
    const d = classifyDays({ athlete: athlete(), activities: acts, from: '2026-03-14', to: '2026-03-15' });
    expect(d[0]?.class).toBe('hard');
    expect(d[0]?.activities[0]?.id).toBe(acts[0]?.id);
    expect(d[1]?.class).toBe('off');
  });

  it('DST change: the same wall-clock time gets +01:00 before and +02:00 after 29 March in Paris', () => {
    const today = '2026-03-23';
    const p = planStrength(planInput({ today, activities: history('2026-01-05', '2026-03-22', TUE_THU_SUN), athlete: athlete({ preferredStrengthTime: '18:30' }) }));
    const before = p.sessions.find((s) => s.date < '2026-03-29');
    const after = p.sessions.find((s) => s.date >= '2026-03-29');
    expect(before?.start).toBe(`${before?.date}T18:30:00+01:00`);
    expect(after?.start).toBe(`${after?.date}T18:30:00+02:00`);
    // a preferred time before the runner's usual run end is not used: the session follows the run
    const ny = planStrength(planInput({ today: '2026-03-02', activities: history('2026-01-05', '2026-03-01', TUE_THU_SUN), athlete: athlete({ timeZone: 'America/New_York', preferredStrengthTime: '19:00' }) }));
    expect(ny.sessions.find((s) => s.date < '2026-03-08')?.start).toMatch(/T19:00:00-05:00$/);
    expect(ny.sessions.find((s) => s.date > '2026-03-08')?.start).toMatch(/T19:00:00-04:00$/);
  });

  it('Injured runner (Achilles, cannot run): circuits without calf/Achilles load, every other day at most', () => {
    const today = '2026-03-16';
    const p = planStrength(planInput({ today, activities: history('2026-01-05', '2026-03-08', TUE_THU_SUN), athlete: athlete({ injury: { area: 'achilles', canRun: false } }) }));
    expect(p.sessions.length).toBeGreaterThanOrEqual(4);
    for (const s of p.sessions) {
      expect(s.kind).toBe('circuit');
      for (const e of s.exercises) expect(byName.get(e.name)?.regions).not.toContain('achilles');
      for (const e of s.exercises.slice(3)) expect(e.restSec).toBeLessThanOrEqual(30);
    }
    expect(p.notes[0]).toMatch(/Achilles/);
    expect(p.days.filter((d) => d.source === 'expected').every((d) => d.class === 'off')).toBe(true);
  });

  it('Three weeks off then back: return mode on easy days, ≤ 2 a week, lighter sessions', () => {
    const today = '2026-03-16';
    const acts = [...history('2026-01-05', '2026-02-15', TUE_THU_SUN), ...history('2026-03-09', '2026-03-15', ['off', 'easy', 'off', 'easy', 'off', 'easy', 'off'])];
    const p = planStrength(planInput({ today, activities: acts }));
    expect(p.phase).toBe('return');
    const wk = p.sessions.filter((s) => s.date <= '2026-03-22');
    expect(wk.length).toBeGreaterThan(0);
    expect(wk.length).toBeLessThanOrEqual(2);
    expect(p.sessions[0]?.rules).toEqual(expect.arrayContaining(['R10', 'R-RETURN']));
    const normal = planStrength(planInput({ today, activities: history('2026-01-05', '2026-03-15', TUE_THU_SUN) }));
    const sets = (x: PlanResult) => x.sessions[0]?.exercises.reduce((a, e) => a + e.sets, 0) ?? 0;
    expect(sets(p)).toBeLessThan(sets(normal));
  });

  it('Two missed key runs: the week of intervals became easy runs → R-MISSED and a maintenance session', () => {
    const today = '2026-03-16';
    const acts = history('2026-01-05', '2026-03-15', TUE_THU_SUN).map((a) =>
      a.startLocal.startsWith('2026-03-10') || a.startLocal.startsWith('2026-03-12') ? { ...a, name: 'Easy jog', avgHrBpm: 135 } : a,
    );
    const tpl = { mon: 'off', tue: 'hard', wed: 'easy', thu: 'hard', fri: 'off', sat: 'easy', sun: 'easy' } as const;
    const p = planStrength(planInput({ today, activities: acts, athlete: athlete({ weeklyTemplate: tpl }) }));
    expect(cls(p, '2026-03-10')).toBe('easy');
    expect(cls(p, '2026-03-12')).toBe('easy');
    const missed = p.sessions.filter((s) => s.rules.includes('R-MISSED'));
    expect(missed.length).toBeGreaterThan(0);
    expect(p.days.find((d) => d.date === '2026-03-17')?.evidence[0]).toBe('weekly template: tue = hard');
  });

  it('Novice to lifting: bodyweight basics twice a week, one set, RIR 4', () => {
    const today = '2026-03-16';
    const p = planStrength(planInput({ today, activities: history('2026-01-05', '2026-03-15', TUE_THU_SUN), athlete: athlete({ experience: 'novice', equipment: ['dumbbells', 'kettlebell'] }) }));
    expect(p.sessions.filter((s) => s.date <= '2026-03-22')).toHaveLength(2);
    for (const s of p.sessions) {
      expect(s.title).toMatch(/Return to strength/);
      for (const e of s.exercises.slice(3)) {
        expect(e.sets).toBe(1);
        expect(byName.get(e.name)?.equipment).toBe('bodyweight');
        if (e.rir !== undefined) expect(e.rir).toBe(4);
      }
    }
  });

  it('Imported plan beats the weekly template, which beats the inferred pattern', () => {
    const today = '2026-03-16';
    const p = planStrength(
      planInput({
        today,
        activities: history('2026-01-05', '2026-03-15', TUE_THU_SUN),
        athlete: athlete({ weeklyTemplate: { wed: 'hard' } }),
        plannedRuns: [{ date: '2026-03-18', title: 'Recovery jog' }],
      }),
    );
    const d = (date: string) => p.days.find((x) => x.date === date);
    expect(d('2026-03-18')).toMatchObject({ class: 'easy', source: 'expected', confidence: 0.9 });
    expect(d('2026-03-25')).toMatchObject({ class: 'hard', confidence: 0.8 });
    expect(d('2026-03-17')?.class).toBe('hard');
    expect(d('2026-03-17')?.confidence).toBe(1);
    expect(d('2026-03-17')?.evidence[0]).toMatch(/pattern: hard on \d+ of last \d+ Tuesdays/);
  });

  it('What actually happened wins: planned intervals today but an easy jog → no pairing on today', () => {
    const today = '2026-03-17';
    const base = history('2026-01-05', '2026-03-16', TUE_THU_SUN);
    const planned = [{ date: today, title: 'Intervals 6x1k' }];
    const ran = planStrength(planInput({ today, activities: [...base, run(today, { name: 'Easy jog', avgHrBpm: 130 })], plannedRuns: planned, athlete: athlete({ sessionsPerWeek: 2 }) }));
    expect(cls(ran, today)).toBe('easy');
    expect(ran.sessions.find((s) => s.date === today)?.rules ?? []).not.toContain('R1');
    const notYet = planStrength(planInput({ today, activities: base, plannedRuns: planned, athlete: athlete({ sessionsPerWeek: 2 }) }));
    expect(notYet.sessions[0]?.date).toBe(today);
    expect(addDays(today, 0)).toBe(today);
  });
});
