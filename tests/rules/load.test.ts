import { describe, expect, it } from 'vitest';
import { calibrateLoad, computeActivityLoad, computeLoadSeries, estimateThresholds, latestLoadPoint, TRIMP_CONSTANTS } from '../../rules/index';
import type { Day } from '../../rules/index';
import { athlete, run } from './helpers';

const th = { hrMaxBpm: 190, hrRestBpm: 50, lthrBpm: 169, estimated: false, method: 'settings' };

describe('computeActivityLoad', () => {
  it('Banister TRIMP with male and female constants, normalised so 1 h at LTHR = 100', () => {
    const a = run('2026-03-02', { min: 60, avgHrBpm: 169 });
    const m = computeActivityLoad(a, athlete({ sex: 'm' }), th);
    const f = computeActivityLoad(a, athlete({ sex: 'f' }), th);
    expect(m.method).toBe('trimp');
    expect(m.value).toBeCloseTo(100, 0);
    expect(f.value).toBeCloseTo(100, 0);
    const easy = run('2026-03-02', { min: 60, avgHrBpm: 130 });
    const em = computeActivityLoad(easy, athlete({ sex: 'm' }), th).value;
    const ef = computeActivityLoad(easy, athlete({ sex: 'f' }), th).value;
    // raw Banister ratio check: x = 80/140
    const x = 80 / 140;
    const xl = 119 / 140;
    const ratio = (k: { a: number; b: number }) => (x * k.a * Math.exp(k.b * x)) / (xl * k.a * Math.exp(k.b * xl));
    expect(em).toBeCloseTo(ratio(TRIMP_CONSTANTS.m) * 100, 0);
    expect(ef).toBeCloseTo(ratio(TRIMP_CONSTANTS.f) * 100, 0);
    expect(ef).not.toBeCloseTo(em, 0);
  });
  it('uses the documented middle value when sex is unknown', () => {
    expect(TRIMP_CONSTANTS.unknown.a).toBeCloseTo((0.64 + 0.86) / 2, 5);
    expect(TRIMP_CONSTANTS.unknown.b).toBeCloseTo((1.92 + 1.67) / 2, 5);
    const a = run('2026-03-02', { min: 60, avgHrBpm: 130 });
    const u = computeActivityLoad(a, athlete({ sex: undefined }), th).value;
    const m = computeActivityLoad(a, athlete({ sex: 'm' }), th).value;
    const f = computeActivityLoad(a, athlete({ sex: 'f' }), th).value;
    expect(u).toBeGreaterThan(Math.min(m, f));
    expect(u).toBeLessThan(Math.max(m, f));
  });
  it('zone TRIMP when only zone times exist', () => {
    const a = run('2026-03-02', { min: 60, hrZoneTimesS: [0, 0, 0, 3600, 0] });
    const l = computeActivityLoad(a, athlete(), th);
    expect(l).toEqual({ value: 100, method: 'zone-trimp', estimatedThresholds: false });
  });
  it('pace-based load without heart rate: 1 h at threshold pace = 100', () => {
    const a = run('2026-03-02', { min: 60, km: 15 });
    const l = computeActivityLoad(a, athlete({ thresholdPaceSPerKm: 240 }), { ...th, thresholdPaceSPerKm: 240 });
    expect(l.method).toBe('pace');
    expect(l.value).toBeCloseTo(100, 0);
  });
  it('session RPE when given and no HR; RPE wins for strength', () => {
    const a = run('2026-03-02', { min: 42, perceivedExertion: 5 });
    expect(computeActivityLoad(a, athlete(), { estimated: false, method: '' })).toEqual({ value: 50, method: 'srpe', estimatedThresholds: false });
    const s = run('2026-03-02', { sport: 'strength', min: 42, perceivedExertion: 5, avgHrBpm: 120 });
    expect(computeActivityLoad(s, athlete(), th).method).toBe('srpe');
  });
  it('falls back to duration and flags estimated thresholds', () => {
    const ride = run('2026-03-02', { sport: 'ride', min: 60, distanceM: 30000 });
    expect(computeActivityLoad(ride, athlete(), { estimated: false, method: '' }).method).toBe('duration');
    const a = run('2026-03-02', { min: 60, avgHrBpm: 150, maxHrBpm: 185 });
    const l = computeActivityLoad(a, athlete({ hrMaxBpm: undefined, hrRestBpm: undefined }));
    expect(l.method).toBe('trimp');
    expect(l.estimatedThresholds).toBe(true);
  });
});

describe('estimateThresholds', () => {
  it('uses settings when given', () => {
    const t = estimateThresholds([], athlete({ hrMaxBpm: 190, hrRestBpm: 48, lthrBpm: 170 }));
    expect(t).toMatchObject({ hrMaxBpm: 190, hrRestBpm: 48, lthrBpm: 170, estimated: false });
  });
  it('estimates from history and says so', () => {
    const acts = [run('2026-03-01', { avgHrBpm: 150, maxHrBpm: 188 }), run('2026-03-02', { avgHrBpm: 140, maxHrBpm: 240 })];
    const t = estimateThresholds(acts, athlete({ hrMaxBpm: undefined, hrRestBpm: undefined }));
    expect(t.hrMaxBpm).toBe(188); // 240 is not credible
    expect(t.hrRestBpm).toBe(60);
    expect(t.lthrBpm).toBe(Math.round(60 + 0.85 * 128));
    expect(t.estimated).toBe(true);
    expect(t.method).toMatch(/estimated/);
  });
  it('uses a 25–60 min race average HR as LTHR', () => {
    const acts = [run('2026-03-01', { workoutType: 'race', min: 40, avgHrBpm: 172, maxHrBpm: 186 })];
    expect(estimateThresholds(acts, athlete({ lthrBpm: undefined })).lthrBpm).toBe(172);
  });
});

function days(loads: number[]): Day[] {
  return loads.map((load, i) => ({
    date: `2026-01-${String(i + 1).padStart(2, '0')}`,
    class: load > 0 ? 'easy' : 'off',
    source: 'actual',
    load,
    evidence: [],
    activities: [],
  }));
}

describe('computeLoadSeries', () => {
  it('CTL/ATL EWMA with 42/7 time constants and TSB from yesterday', () => {
    const s = computeLoadSeries(days([100, 100]));
    expect(s[0]?.ctl).toBeCloseTo(100 * (1 - Math.exp(-1 / 42)), 1);
    expect(s[0]?.atl).toBeCloseTo(100 * (1 - Math.exp(-1 / 7)), 1);
    expect(s[0]?.tsb).toBe(0);
    expect(s[1]?.tsb).toBeCloseTo((s[0]?.ctl ?? 0) - (s[0]?.atl ?? 0), 0);
  });
  it('monotony and strain over 7 days; ACWR only after 28 days', () => {
    const s = computeLoadSeries(days([50, 0, 50, 0, 50, 0, 50]));
    const mean = 200 / 7;
    const sd = Math.sqrt((4 * (50 - mean) ** 2 + 3 * mean ** 2) / 7);
    expect(s[6]?.monotony).toBeCloseTo(mean / sd, 2);
    expect(s[6]?.strain).toBeCloseTo(200 * (s[6]?.monotony ?? 0), 0);
    expect(s[5]?.monotony).toBeNull();
    expect(s[6]?.acwr).toBeNull();
    const long = computeLoadSeries(days(Array.from({ length: 31 }, () => 60)));
    expect(long[30]?.acwr).not.toBeNull();
    expect(long[30]?.monotony).toBe(10);
  });
  it('latestLoadPoint is the series\' last point, built alone', () => {
    const loads = Array.from({ length: 40 }, (_, k) => (k % 3 === 0 ? 0 : 20 + ((k * 37) % 90)));
    expect(latestLoadPoint(days(loads))).toEqual(computeLoadSeries(days(loads)).at(-1));
    expect(latestLoadPoint(days([30, 0, 45]))).toEqual(computeLoadSeries(days([30, 0, 45])).at(-1));
    expect(latestLoadPoint([])).toBeUndefined();
  });
});

describe('load methods agree on the same session (±20 %)', () => {
  const thr = { hrMaxBpm: 190, hrRestBpm: 50, lthrBpm: 169, thresholdPaceSPerKm: 240, estimated: false, method: 'settings' };
  const sessions = [
    // 60 min easy: HR 138, RPE 3.5, 80 % of threshold speed, zone 2
    { avgHrBpm: 138, rpe: 3.5, km: 12, zones: [0, 3600, 0, 0, 0] },
    // 60 min steady: HR 152, RPE 5, 88 % of threshold speed, zone 3
    { avgHrBpm: 152, rpe: 5, km: 13.2, zones: [0, 0, 3600, 0, 0] },
    // 60 min at threshold: HR at LTHR, RPE 7, threshold pace, zone 4
    { avgHrBpm: 169, rpe: 7, km: 15, zones: [0, 0, 0, 3600, 0] },
  ];
  it.each(['m', 'f'] as const)('sex %s: trimp, zone-trimp, srpe and pace within ±20 % of each other', (sex) => {
    const a = athlete({ sex });
    for (const s of sessions) {
      const values = [
        computeActivityLoad(run('2026-03-02', { min: 60, avgHrBpm: s.avgHrBpm }), a, thr).value,
        computeActivityLoad(run('2026-03-02', { min: 60, hrZoneTimesS: s.zones }), a, thr).value,
        computeActivityLoad(run('2026-03-02', { min: 60, perceivedExertion: s.rpe }), a, thr).value,
        computeActivityLoad(run('2026-03-02', { min: 60, km: s.km }), a, thr).value,
      ];
      const mid = values.reduce((x, y) => x + y, 0) / values.length;
      for (const v of values) expect(Math.abs(v / mid - 1), `${s.avgHrBpm}: ${values.join(', ')}`).toBeLessThanOrEqual(0.2);
    }
  });
  it('forgetting the strap: a run with no HR, RPE or pace gets the athlete’s own typical load per minute', () => {
    const hist = [1, 2, 3, 4, 5].map((d) => run(`2026-03-0${d}`, { min: 50, avgHrBpm: 140 }));
    const a = athlete();
    const cal = calibrateLoad(hist, a, thr);
    const withHr = computeActivityLoad(run('2026-03-06', { min: 50, avgHrBpm: 140 }), a, thr).value;
    const bare = computeActivityLoad({ ...run('2026-03-06', { min: 50 }), distanceM: undefined }, a, thr, cal);
    expect(bare.method).toBe('duration');
    expect(Math.abs(bare.value / withHr - 1)).toBeLessThanOrEqual(0.2);
  });
  it('session RPE is calibrated per athlete against their heart-rate sessions', () => {
    // this runner rates everything hard: RPE 6 on runs whose heart rate says easy
    const hist = [1, 2, 3, 4].map((d) => run(`2026-03-0${d}`, { min: 60, avgHrBpm: 138, perceivedExertion: 6 }));
    const a = athlete();
    const cal = calibrateLoad(hist, a, thr);
    expect(cal.srpeFactor).toBeLessThan(1);
    const hr = computeActivityLoad(run('2026-03-06', { min: 60, avgHrBpm: 138 }), a, thr).value;
    const rpe = computeActivityLoad(run('2026-03-06', { min: 60, perceivedExertion: 6 }), a, thr, cal).value;
    expect(Math.abs(rpe / hr - 1)).toBeLessThanOrEqual(0.2);
  });
});
