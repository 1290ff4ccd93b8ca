import { describe, expect, it } from 'vitest';
import { classifyDays, classifyPlannedRun } from '../../rules/index';
import { athlete, run } from './helpers';

const A = athlete({ lthrBpm: 169 });
const one = (acts: Parameters<typeof classifyDays>[0]['activities'], date = '2026-03-10', a = A) =>
  classifyDays({ athlete: a, activities: acts, from: date, to: date })[0];

describe('R-CLASS day classification', () => {
  it('returns every date in the range, off when no run', () => {
    const d = classifyDays({ athlete: A, activities: [], from: '2026-03-01', to: '2026-03-07' });
    expect(d.map((x) => x.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
    expect(d.every((x) => x.class === 'off' && x.source === 'actual')).toBe(true);
  });
  it('race tag → hard with "race" evidence', () => {
    const d = one([run('2026-03-10', { workoutType: 'race', min: 25 })]);
    expect(d?.class).toBe('hard');
    expect(d?.evidence[0]).toBe('race');
  });
  it('workout keyword in title', () => {
    expect(one([run('2026-03-10', { name: 'Intervals 6x800' })])?.evidence).toContain('workout: intervals in title');
    expect(one([run('2026-03-10', { name: 'Tempo Tuesday' })])?.evidence).toContain('workout: tempo in title');
  });
  it('minutes above threshold from zone times (≥ 8 min) — and not below', () => {
    expect(one([run('2026-03-10', { hrZoneTimesS: [600, 900, 600, 600, 240] })])?.evidence).toContain('14 min above threshold HR');
    expect(one([run('2026-03-10', { hrZoneTimesS: [600, 900, 900, 300, 60] })])?.class).toBe('easy');
  });
  it('intensity from average HR relative to LTHR', () => {
    expect(one([run('2026-03-10', { avgHrBpm: 158, min: 40 })])?.evidence[0]).toMatch(/^intensity: average HR 158/);
    expect(one([run('2026-03-10', { avgHrBpm: 140, min: 40 })])?.class).toBe('easy');
  });
  it('long run relative to the 30-day longest (with the mean guard)', () => {
    const hist = [run('2026-02-20', { km: 20, min: 110 }), run('2026-02-25', { km: 8 }), run('2026-03-01', { km: 8 }), run('2026-03-05', { km: 8 })];
    const d = one([...hist, run('2026-03-10', { km: 18.5, min: 85 })]);
    expect(d?.evidence).toContain('long run: 18.5 km ≥ 90% of 30-day longest');
    const same = [run('2026-03-01', { km: 8 }), run('2026-03-03', { km: 8 }), run('2026-03-05', { km: 8 })];
    expect(one([...same, run('2026-03-10', { km: 8 })])?.class).toBe('easy');
    expect(one([run('2026-03-10', { min: 95, km: 15 })])?.evidence).toContain('long run: 95 min ≥ 90 min');
  });
  it('reported effort RPE ≥ 7', () => {
    expect(one([run('2026-03-10', { perceivedExertion: 8 })])?.evidence).toEqual(['RPE 8']);
    expect(one([run('2026-03-10', { perceivedExertion: 4 })])?.class).toBe('easy');
  });
  it('spike flag: > 1.1 × longest of previous 30 days', () => {
    const hist = [run('2026-02-20', { km: 12 }), run('2026-02-27', { km: 12 }), run('2026-03-03', { km: 10 })];
    const d = one([...hist, run('2026-03-10', { km: 14, min: 80 })]);
    expect(d?.evidence).toContain('spike: 14.0 km > 110% of 30-day longest (12.0 km)');
    const d2 = one([...hist, run('2026-03-10', { km: 13, min: 75 })]);
    expect(d2?.evidence.some((e) => e.startsWith('spike'))).toBe(false);
  });
  it('several activities: the highest class wins and all activities are listed', () => {
    const d = one([run('2026-03-10', { time: '07:00', name: 'Easy' }), run('2026-03-10', { time: '18:00', name: 'Track 10x400' })]);
    expect(d?.class).toBe('hard');
    expect(d?.activities).toHaveLength(2);
  });
  it('non-running activity does not make a day easy, unless cross-training counts', () => {
    const ride = run('2026-03-10', { sport: 'ride', min: 90 });
    expect(one([ride])).toMatchObject({ class: 'off' });
    expect(one([ride], '2026-03-10', athlete({ crossTrainingCounts: true }))).toMatchObject({ class: 'easy' });
    expect(one([run('2026-03-10', { sport: 'yoga', min: 60 })], '2026-03-10', athlete({ crossTrainingCounts: true }))?.class).toBe('off');
  });
  it('a run shorter than 10 min does not count', () => {
    expect(one([run('2026-03-10', { min: 8 })])?.class).toBe('off');
  });
  it('a run crossing midnight belongs to its local start day', () => {
    const d = classifyDays({ athlete: A, activities: [run('2026-03-10', { time: '23:30', min: 60 })], from: '2026-03-10', to: '2026-03-11' });
    expect(d.map((x) => x.class)).toEqual(['easy', 'off']);
  });
  it('loads are summed into the day and name their method', () => {
    const d = one([run('2026-03-10', { avgHrBpm: 140 }), run('2026-03-10', { sport: 'ride', perceivedExertion: 3, time: '12:00' })]);
    expect(d?.activities.map((a) => a.loadMethod)).toEqual(['trimp', 'srpe']);
    expect(d?.load).toBeCloseTo((d?.activities[0]?.load ?? 0) + (d?.activities[1]?.load ?? 0), 1);
  });
});

describe('classifyPlannedRun', () => {
  it.each([
    ['Intervals 5x1k', 'hard'],
    ['tempo 20 min', 'hard'],
    ['THRESHOLD session', 'hard'],
    ['Long run 28k', 'hard'],
    ['Parkrun', 'hard'],
    ['Fartlek', 'hard'],
    ['Hill repeats', 'hard'],
    ['Easy 40 min', 'easy'],
    ['Recovery jog', 'easy'],
    ['Run 8k', 'easy'],
    ['Rest day', 'off'],
    ['Off', 'off'],
  ] as const)('%s → %s', (title, cls) => {
    expect(classifyPlannedRun({ date: '2026-03-10', title }).class).toBe(cls);
  });
  it('easy run mentioning rest between strides stays easy', () => {
    expect(classifyPlannedRun({ date: '2026-03-10', title: 'Easy run', description: 'strides with full rest' }).class).toBe('easy');
  });
  it('carries evidence', () => {
    expect(classifyPlannedRun({ date: '2026-03-10', title: 'Intervals' }).evidence[0]).toMatch(/intervals in title/);
  });
});
