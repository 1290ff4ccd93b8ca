/** One block per rule: a case where it fires and one where it must not. */
import { describe, expect, it } from 'vitest';
import { addDays, DISCLAIMER, exerciseLibrary, planStrength, RULES } from '../../rules/index';
import type { PlanInput, PlanResult } from '../../rules/index';
import { athlete, diffDays, history, planInput, run, TUE_THU_SUN, weekday } from './helpers';

const TODAY = '2026-03-16'; // Monday
const HIST = history('2026-01-05', '2026-03-15', TUE_THU_SUN);
const base = (o: Partial<PlanInput> = {}): PlanInput => planInput({ today: TODAY, activities: HIST, ...o });
const plan = (o: Partial<PlanInput> = {}): PlanResult => planStrength(base(o));
const withRule = (p: PlanResult, id: string) => p.sessions.filter((s) => s.rules.includes(id));
const byName = new Map(exerciseLibrary.map((e) => [e.name, e]));
const cls = (p: PlanResult, date: string) => p.days.find((d) => d.date === date)?.class;

describe('R1 / R-PAIR: strength on hard days', () => {
  it('fires: every session sits on a hard day when hard days are available', () => {
    const p = plan();
    expect(p.sessions.length).toBeGreaterThan(0);
    for (const s of p.sessions) {
      expect(cls(p, s.date)).toBe('hard');
      expect(s.rules).toContain('R1');
      expect(s.trace?.map((t) => t.rule)).toEqual(expect.arrayContaining(['R1', 'R-PAIR']));
    }
  });
  it('must not: no hard days → no R1', () => {
    const p = plan({ activities: history('2026-01-05', '2026-03-15', ['easy', 'off', 'easy', 'off', 'easy', 'off', 'easy']) });
    expect(withRule(p, 'R1')).toHaveLength(0);
  });
});

describe('R2: lift on the second of two back-to-back hard days', () => {
  const b2b = history('2026-01-05', '2026-03-15', ['off', 'easy', 'off', 'easy', 'off', 'hard', 'long']);
  it('fires: Saturday + Sunday hard → Sunday', () => {
    const p = plan({ activities: b2b, athlete: athlete({ sessionsPerWeek: 1 }) });
    expect(p.sessions.map((s) => weekday(s.date))).toEqual([6, 6]);
    expect(p.sessions[0]?.rules).toContain('R2');
  });
  it('must not: isolated hard days carry no R2', () => {
    expect(withRule(plan(), 'R2')).toHaveLength(0);
  });
});

describe('R3: frequency and spacing', () => {
  const daily = history('2026-01-05', '2026-03-15', ['hard', 'hard', 'hard', 'hard', 'hard', 'hard', 'hard']);
  it('fires: daily hard runs still give no consecutive strength days and ≤ 3 a week', () => {
    const p = plan({ activities: daily });
    const dates = p.sessions.map((s) => s.date);
    for (let k = 1; k < dates.length; k++) expect(diffDays(dates[k] as string, dates[k - 1] as string)).toBeGreaterThan(1);
    expect(p.sessions.length).toBeLessThanOrEqual(6);
  });
  it('must not: the default is 2 a week in a build, not more', () => {
    const p = plan({ races: [{ id: 'r', date: '2026-05-24', distanceM: 21097, terrain: 'road', priority: 'A' }] });
    expect(p.sessions).toHaveLength(4);
  });
});

describe('R4: duration', () => {
  it('fires: default sessions fit 20–30 min', () => {
    for (const s of plan().sessions) {
      expect(s.durationMin).toBeLessThanOrEqual(30);
      expect(s.durationMin).toBeGreaterThanOrEqual(20);
    }
  });
  it('must not cap at 30 when the runner asks for longer', () => {
    const long = plan({ athlete: athlete({ maxSessionMinutes: 60 }) });
    expect(Math.max(...long.sessions.map((s) => s.durationMin))).toBeGreaterThan(30);
  });
});

describe('R5: activation first', () => {
  it('fires: every session opens with activation', () => {
    for (const s of plan().sessions) expect(s.exercises.slice(0, 3).map((e) => byName.get(e.name)?.role)).toEqual(['activation', 'activation', 'activation']);
  });
  it('must not: activation never appears after the main work', () => {
    for (const s of plan().sessions) {
      const roles = s.exercises.map((e) => byName.get(e.name)?.role);
      expect(roles.slice(3)).not.toContain('activation');
    }
  });
});

describe('R6: focus incl. upper body', () => {
  it('fires: core/calf/hip work and an upper-body exercise in each session', () => {
    for (const s of plan().sessions) {
      const roles = s.exercises.map((e) => byName.get(e.name)?.role);
      expect(roles).toContain('upper');
      expect(roles).toContain('core');
    }
  });
  it('must not: an upper-body injury removes upper-body work', () => {
    const p = plan({ athlete: athlete({ injury: { area: 'upper_body', canRun: true } }) });
    for (const s of p.sessions) for (const e of s.exercises) expect(byName.get(e.name)?.regions).not.toContain('upper_body');
  });
});

describe('R7: goal emphasis', () => {
  it('fires: road 5k → power & hips; trail ultra → single-leg & eccentric', () => {
    const road = plan({ races: [{ id: 'r', date: '2026-05-24', distanceM: 5000, terrain: 'road', priority: 'A' }] });
    expect(road.sessions[0]?.title).toMatch(/power/);
    expect(road.sessions[0]?.exercises.some((e) => byName.get(e.name)?.role === 'power')).toBe(true);
    const trail = plan({ races: [{ id: 'r', date: '2026-05-24', distanceM: 80000, terrain: 'trail', priority: 'A' }] });
    const roles = trail.sessions[0]?.exercises.map((e) => byName.get(e.name)?.role);
    expect(roles).toEqual(expect.arrayContaining(['single_leg', 'eccentric']));
  });
  it('must not: no goal race → no plyometric power block', () => {
    const p = plan();
    expect(p.sessions[0]?.exercises.some((e) => byName.get(e.name)?.plyometric)).toBe(false);
  });
});

describe('R8 / R-FREQ: periodise', () => {
  it('fires: off-season regular runner gets 3 a week', () => {
    const p = plan();
    const wk1 = p.sessions.filter((s) => s.date <= '2026-03-22');
    expect(wk1).toHaveLength(3);
    expect(p.phase).toBe('off-season');
  });
  it('must not: a goal race in 8 weeks keeps it at 2', () => {
    const p = plan({ races: [{ id: 'r', date: '2026-05-10', distanceM: 42195, terrain: 'road', priority: 'A' }] });
    expect(p.sessions.filter((s) => s.date <= '2026-03-22')).toHaveLength(2);
    expect(p.phase).toBe('build');
  });
});

describe('R9: race week', () => {
  const race = { id: 'r', date: '2026-03-22', distanceM: 10000, terrain: 'road' as const, priority: 'B' as const };
  it('fires: nothing on race day or the day before, and recovery after a marathon', () => {
    const p = plan({ races: [race] });
    expect(p.sessions.map((s) => s.date)).not.toContain('2026-03-22');
    expect(p.sessions.map((s) => s.date)).not.toContain('2026-03-21');
    const m = plan({ races: [{ ...race, date: '2026-03-15', distanceM: 42195, priority: 'A' }] });
    for (const s of m.sessions) expect(diffDays(s.date, '2026-03-15')).toBeGreaterThan(7);
  });
  it('must not: without races, race days get no special treatment', () => {
    expect(plan().sessions.map((s) => s.date)).toContain('2026-03-22');
  });
});

describe('R-TAPER', () => {
  const A = { id: 'a', date: '2026-03-29', distanceM: 42195, terrain: 'road' as const, priority: 'A' as const };
  it('fires: week −2 half sets, week −1 one activation session ≤ race −3, nothing heavy', () => {
    const p = plan({ races: [A] });
    const wk1 = p.sessions.filter((s) => s.date >= '2026-03-22' && s.date < '2026-03-29');
    expect(wk1.length).toBeLessThanOrEqual(1);
    for (const s of wk1) {
      expect(s.kind).toBe('mobility');
      expect(diffDays('2026-03-29', s.date)).toBeGreaterThanOrEqual(3);
      expect(s.rules).toContain('R-TAPER');
    }
    const wk2 = p.sessions.filter((s) => s.date >= '2026-03-15' && s.date < '2026-03-22');
    expect(wk2.length).toBeGreaterThan(0);
    for (const s of wk2) {
      expect(s.rules).toContain('R-TAPER');
      for (const e of s.exercises) expect(e.sets).toBeLessThanOrEqual(2);
    }
  });
  it('must not: an A race 6 weeks away does not taper', () => {
    const p = plan({ races: [{ ...A, date: '2026-04-26' }] });
    expect(withRule(p, 'R-TAPER')).toHaveLength(0);
  });
});

describe('R-BRACE', () => {
  it('fires: no strength from B race −2 to +2', () => {
    const p = plan({ races: [{ id: 'b', date: '2026-03-19', distanceM: 10000, terrain: 'road', priority: 'B' }] });
    for (const s of p.sessions) expect(Math.abs(diffDays(s.date, '2026-03-19'))).toBeGreaterThan(2);
  });
  it('must not: block days 3+ away', () => {
    const p = plan({ races: [{ id: 'b', date: '2026-03-19', distanceM: 5000, terrain: 'road', priority: 'C' }] });
    expect(p.sessions.map((s) => s.date)).toContain('2026-03-22');
  });
});

describe('R10 / R-RETURN: return after a break', () => {
  const withGap = [...history('2026-01-05', '2026-02-15', TUE_THU_SUN), ...history('2026-03-07', '2026-03-15', TUE_THU_SUN)];
  it('fires: a 20-day gap → return reasons, easy-day pattern, ≤ 2 a week, half sets first', () => {
    const p = plan({ activities: withGap });
    expect(p.phase).toBe('return');
    expect(p.sessions[0]?.rules).toEqual(expect.arrayContaining(['R10', 'R-RETURN']));
    for (const s of p.sessions.filter((x) => x.date <= '2026-03-22')) expect(cls(p, s.date)).not.toBe('hard');
    expect(p.sessions.filter((s) => s.date <= '2026-03-22').length).toBeLessThanOrEqual(2);
  });
  it('must not: continuous running → no return rules', () => {
    expect(withRule(plan(), 'R10')).toHaveLength(0);
    expect(withRule(plan(), 'R-RETURN')).toHaveLength(0);
  });
});

describe('R11: novice / returning lifter', () => {
  it('fires: return mode — bodyweight, 1 set, 8–10 reps, RIR ≥ 4', () => {
    const p = plan({ athlete: athlete({ experience: 'novice', equipment: ['gym'] }) });
    const s = p.sessions[0];
    expect(s?.rules).toContain('R11');
    for (const e of s?.exercises.slice(3) ?? []) {
      expect(e.sets).toBe(1);
      if (e.reps !== undefined) {
        expect(e.reps).toBeGreaterThanOrEqual(8);
        expect(e.reps).toBeLessThanOrEqual(10);
      }
      expect(byName.get(e.name)?.heavy).toBe(false);
      expect(['bodyweight', 'bands']).toContain(byName.get(e.name)?.equipment);
    }
    expect(p.sessions.filter((x) => x.date <= '2026-03-22').length).toBeLessThanOrEqual(2);
  });
  it('must not: a regular lifter with a gym gets heavy lifts', () => {
    const p = plan({ athlete: athlete({ equipment: ['gym'] }) });
    expect(withRule(p, 'R11')).toHaveLength(0);
    expect(p.sessions[0]?.exercises.some((e) => byName.get(e.name)?.heavy)).toBe(true);
  });
});

describe('R12 / R-INJURY', () => {
  it('fires: cannot run → circuits avoiding the area, note to see a professional', () => {
    const p = plan({ athlete: athlete({ injury: { area: 'knee', canRun: false } }) });
    expect(p.phase).toBe('injured');
    expect(p.sessions.length).toBeGreaterThan(0);
    for (const s of p.sessions) {
      expect(s.kind).toBe('circuit');
      expect(s.rules).toEqual(expect.arrayContaining(['R12', 'R-INJURY']));
      for (const e of s.exercises) {
        expect(byName.get(e.name)?.regions).not.toContain('knee');
        expect(byName.get(e.name)?.plyometric).toBe(false);
      }
    }
    expect(p.notes.join(' ')).toMatch(/physiotherapist|doctor/);
    expect(p.days.filter((d) => d.source === 'expected').every((d) => d.class === 'off')).toBe(true);
  });
  it('must not: no injury → no injury rules or notes', () => {
    const p = plan();
    expect(withRule(p, 'R12')).toHaveLength(0);
    expect(p.notes.join(' ')).not.toMatch(/physiotherapist/);
  });
});

describe('R13: progression', () => {
  const logs = (statuses: Array<'done' | 'skipped'>) => statuses.map((status, k) => ({ sessionId: `s${k}`, date: addDays(TODAY, -2 * (statuses.length - k)), status }));
  it('fires: 4 completed in a row → one more set on the main lifts', () => {
    const p0 = plan();
    const p = plan({ strengthLog: logs(['done', 'done', 'done', 'done']) });
    expect(p.sessions[0]?.rules).toContain('R13');
    const sum = (r: PlanResult) => r.sessions[0]?.exercises.reduce((a, e) => a + e.sets, 0) ?? 0;
    expect(sum(p)).toBeGreaterThanOrEqual(sum(p0));
  });
  it('must not progress after a skipped session', () => {
    const p = plan({ strengthLog: logs(['done', 'done', 'done', 'skipped']) });
    expect(p.sessions[0]?.reasons.join(' ')).toMatch(/skipped/);
  });
  it('novice moves from 1 set to 2 sets only after completed sessions', () => {
    const nov = athlete({ experience: 'novice' });
    const p0 = plan({ athlete: nov });
    const p1 = plan({ athlete: nov, strengthLog: logs(['done', 'done', 'done', 'done']) });
    expect(p0.sessions[0]?.exercises[4]?.sets).toBe(1);
    expect(p1.sessions[0]?.exercises[4]?.sets).toBe(2);
  });
});

describe('R14: equipment', () => {
  it('fires: bodyweight-only runner gets only bodyweight exercises', () => {
    const p = plan({ athlete: athlete({ equipment: ['bodyweight'] }) });
    for (const s of p.sessions) for (const e of s.exercises) expect(byName.get(e.name)?.equipment).toBe('bodyweight');
  });
  it('must not: a gym runner can get gym lifts', () => {
    const p = plan({ athlete: athlete({ equipment: ['gym'] }) });
    expect(p.sessions.some((s) => s.exercises.some((e) => byName.get(e.name)?.equipment === 'gym'))).toBe(true);
  });
});

describe('R15: disclaimer', () => {
  it('fires on every plan, even an empty one', () => {
    expect(plan().disclaimer).toBe(DISCLAIMER);
    expect(planStrength(planInput({ today: TODAY, athlete: athlete({ injury: { area: 'hip', canRun: true } }) })).disclaimer).toMatch(/not medical advice/i);
    for (const s of plan().sessions) expect(s.trace?.[0]?.rule).toBe('R15');
  });
  it('must not be empty', () => {
    expect(DISCLAIMER.length).toBeGreaterThan(20);
  });
});

describe('R-NOT-BEFORE', () => {
  const daily = history('2026-01-05', '2026-03-15', ['hard', 'hard', 'hard', 'hard', 'hard', 'hard', 'hard']);
  it('fires: no session ever sits the day before a hard run (daily hard runner with a Saturday long run off)', () => {
    const p = plan({ activities: daily, athlete: athlete({ equipment: ['gym'], sessionsPerWeek: 2 }) });
    for (const s of p.sessions) expect(cls(p, addDays(s.date, 1))).not.toBe('hard');
    for (const s of p.sessions.filter((x) => x.rules.includes('R-NOT-BEFORE'))) for (const e of s.exercises) expect(byName.get(e.name)?.heavy).toBe(false);
  });
  it('must not: a hard day followed by an easy day keeps heavy lifts', () => {
    const p = plan({ athlete: athlete({ equipment: ['gym'] }) });
    expect(withRule(p, 'R-NOT-BEFORE')).toHaveLength(0);
  });
});

describe('R-FALLBACK', () => {
  const easyOnly = history('2026-01-05', '2026-03-15', ['easy', 'off', 'easy', 'off', 'easy', 'off', 'easy']);
  it('fires: without hard days, sessions go on easy/off days ≥ 48 h before any hard day', () => {
    const p = plan({ activities: easyOnly });
    expect(p.sessions.length).toBeGreaterThan(0);
    for (const s of p.sessions) expect(s.rules).toContain('R-FALLBACK');
  });
  it('must not: never on the day before or two days before a hard day', () => {
    const p = plan({
      activities: easyOnly,
      athlete: athlete({ weeklyTemplate: { mon: 'easy', tue: 'off', wed: 'easy', thu: 'hard', fri: 'off', sat: 'easy', sun: 'off' }, sessionsPerWeek: 3 }),
    });
    for (const s of p.sessions.filter((x) => x.rules.includes('R-FALLBACK'))) {
      expect([1, 2]).not.toContain(weekday(s.date)); // Tue/Wed are 1–2 days before Thursday
    }
  });
});

describe('R-MISSED', () => {
  const tpl = { tue: 'hard', thu: 'easy', sun: 'hard' } as const;
  it('fires: template hard run missed → maintenance (1 set) when placed off a hard day', () => {
    const acts = HIST.filter((a) => !a.startLocal.startsWith('2026-03-15') && !a.startLocal.startsWith('2026-03-10'));
    const p = plan({ activities: acts, athlete: athlete({ weeklyTemplate: { ...tpl, tue: 'off', sun: 'off' }, sessionsPerWeek: 2 }), plannedRuns: [{ date: '2026-03-15', title: 'Long run' }, { date: '2026-03-10', title: 'Intervals' }] });
    const m = withRule(p, 'R-MISSED');
    expect(m.length).toBeGreaterThan(0);
    for (const s of m.filter((x) => cls(p, x.date) !== 'hard')) for (const e of s.exercises.slice(3)) expect(e.sets).toBe(1);
  });
  it('must not: all key runs done', () => {
    const p = plan({ athlete: athlete({ weeklyTemplate: tpl }) });
    expect(withRule(p, 'R-MISSED')).toHaveLength(0);
  });
});

describe('R-DELOAD-WEEK', () => {
  const planned = ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'].map((date) => ({ date, title: 'Easy 40' }));
  it('fires: 4 of 4 planned runs missed → half sets', () => {
    const acts = HIST.filter((a) => a.startLocal < '2026-03-09' || a.startLocal > '2026-03-14');
    const p = plan({ activities: acts, plannedRuns: planned });
    expect(p.notes.join(' ')).toMatch(/R-DELOAD-WEEK/);
    const s = withRule(p, 'R-DELOAD-WEEK');
    expect(s.length).toBeGreaterThan(0);
    const normal = plan();
    const main = (x: PlanResult) => x.sessions[0]?.exercises.slice(3).map((e) => e.sets) ?? [];
    expect(Math.max(...main(p))).toBeLessThan(Math.max(...main(normal)));
  });
  it('must not: planned runs all done', () => {
    const acts = [...HIST, ...planned.map((p) => run(p.date, { time: '18:00' }))];
    expect(withRule(plan({ activities: acts, plannedRuns: planned }), 'R-DELOAD-WEEK')).toHaveLength(0);
  });
});

describe('R-SPIKE', () => {
  it('fires: yesterday’s run was > 1.1 × the 30-day longest → no plyo, sets −1, RIR ≥ 3', () => {
    const acts = [...HIST.filter((a) => !a.startLocal.startsWith('2026-03-15')), run('2026-03-15', { km: 25, min: 150, workoutType: 'long' })];
    const p = plan({ activities: acts, races: [{ id: 'r', date: '2026-06-28', distanceM: 5000, terrain: 'road', priority: 'A' }] });
    const s = p.sessions[0];
    expect(s?.rules).toContain('R-SPIKE');
    expect(s?.exercises.some((e) => byName.get(e.name)?.plyometric)).toBe(false);
    for (const e of s?.exercises ?? []) if (e.rir !== undefined) expect(e.rir).toBeGreaterThanOrEqual(3);
    expect(withRule(p, 'R-SPIKE')).toHaveLength(1);
  });
  it('must not: a normal long run', () => {
    expect(withRule(plan(), 'R-SPIKE')).toHaveLength(0);
  });
});

describe('R-MONO', () => {
  const same = history('2026-01-05', '2026-03-15', ['easy', 'easy', 'easy', 'easy', 'easy', 'easy', 'easy']);
  it('fires: identical days → one strength session (not zero, not more) on an easy day this week, OFF day suggested', () => {
    const p = plan({ activities: same });
    expect(p.notes.join(' ')).toMatch(/R-MONO/);
    expect(p.sessions.filter((s) => s.date <= addDays(TODAY, 6))).toHaveLength(1);
    expect(p.sessions[0]?.trace?.map((t) => t.rule)).toContain('R-MONO');
  });
  it('must not: varied days', () => {
    expect(plan().notes.join(' ')).not.toMatch(/R-MONO/);
  });
});

describe('R-STR-FATIGUE', () => {
  const big = history('2026-03-02', '2026-03-15', ['hard', 'hard', 'hard', 'hard', 'hard', 'hard', 'hard']).map((a) => ({ ...a, durationS: 3 * 3600, avgHrBpm: 170 }));
  it('fires: TSB < −30 → sets −1, RIR +1', () => {
    const p = plan({ activities: [...history('2026-01-05', '2026-03-01', ['off', 'easy', 'off', 'off', 'off', 'off', 'easy']), ...big] });
    expect(p.loadToday.tsb).toBeLessThan(-30);
    expect(withRule(p, 'R-STR-FATIGUE').length).toBeGreaterThan(0);
  });
  it('must not: normal training', () => {
    expect(withRule(plan(), 'R-STR-FATIGUE')).toHaveLength(0);
  });
});

describe('R-RIR', () => {
  it('fires: regular RIR 2, novice ≥ 3, race week ≥ 4', () => {
    const rirs = (p: PlanResult) => p.sessions[0]?.exercises.flatMap((e) => (e.rir === undefined ? [] : [e.rir])) ?? [];
    expect(new Set(rirs(plan()))).toEqual(new Set([2]));
    expect(Math.min(...rirs(plan({ athlete: athlete({ experience: 'novice' }) })))).toBeGreaterThanOrEqual(3);
  });
  it('must not: never 0 (failure)', () => {
    for (const s of plan().sessions) for (const e of s.exercises) if (e.rir !== undefined) expect(e.rir).toBeGreaterThan(0);
  });
});

describe('R-ACWR-INFO', () => {
  it('fires: ACWR is computed in the load series', () => {
    expect(plan().loadToday.acwr).not.toBeNull();
  });
  it('must not: it never appears as a session rule', () => {
    expect(withRule(plan(), 'R-ACWR-INFO')).toHaveLength(0);
  });
});

describe('RULES registry', () => {
  it('documents every id used by sessions', () => {
    const ids = new Set(Object.keys(RULES));
    for (const p of [plan(), plan({ athlete: athlete({ injury: { area: 'knee', canRun: false } }) })]) for (const s of p.sessions) for (const r of s.rules) expect(ids.has(r)).toBe(true);
    for (const id of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R-CLASS', 'R-PAIR', 'R-NOT-BEFORE', 'R-FREQ', 'R-FALLBACK', 'R-TAPER', 'R-BRACE', 'R-MISSED', 'R-DELOAD-WEEK', 'R-RETURN', 'R-INJURY', 'R-SPIKE', 'R-MONO', 'R-STR-FATIGUE', 'R-ACWR-INFO', 'R-RIR']) {
      expect(RULES[id]?.source.length).toBeGreaterThan(0);
    }
  });
  it('one reason per rule on every session', () => {
    for (const s of plan().sessions) expect(s.reasons).toHaveLength(s.rules.length);
  });
});
