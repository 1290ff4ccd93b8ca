/**
 * A coach's week: one scenario per runner. Each plan is checked for the placement
 * invariants (after the run, never the day before a hard run, never two days in a row,
 * nothing within 48 h before an A race or on race day), its weekly count, the exercise
 * balance over two weeks and the length of its explanation.
 */
import { describe, expect, it } from 'vitest';
import { addDays, exerciseLibrary, planStrength } from '../../rules/index';
import type { ActivityInput, PlanInput, PlanResult, Race } from '../../rules/index';
import { patternOf } from '../../rules/catalog/exercises';
import { athlete, type DayKind, diffDays, planInput, run, TUE_THU_SUN, weekday } from './helpers';

const byName = new Map(exerciseLibrary.map((e) => [e.name, e]));
const TUE = '2026-03-17'; // a Tuesday
const MON = '2026-03-16';
const TUE_THU_SAT: DayKind[] = ['off', 'hard', 'easy', 'hard', 'off', 'long', 'easy'];

/** History on a weekly pattern, every run at `time` (long runs last 100 min). */
function weeks(from: string, to: string, pattern: readonly DayKind[], o: { time?: string; hr?: boolean; min?: number } = {}): ActivityInput[] {
  const out: ActivityInput[] = [];
  const hr = o.hr === false ? undefined : true;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const k = pattern[weekday(d)] ?? 'off';
    const time = o.time ?? '07:00';
    if (k === 'hard') out.push(run(d, { name: 'Intervals 6x800', time, min: o.min ?? 55, km: 11, ...(hr && { avgHrBpm: 160, maxHrBpm: 182 }) }));
    else if (k === 'long') out.push(run(d, { name: 'Sunday long run', workoutType: 'long', time, min: 100, km: 18, ...(hr && { avgHrBpm: 145, maxHrBpm: 165 }) }));
    else if (k === 'easy') out.push(run(d, { name: 'Easy run', time, min: o.min ?? 40, km: 7, ...(hr && { avgHrBpm: 138, maxHrBpm: 150 }) }));
  }
  return out;
}

const minuteOf = (iso: string): number => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
const cls = (p: PlanResult, date: string) => p.days.find((d) => d.date === date)?.class;

interface Check {
  /** local end minute of the runner's run on a date, when the test knows it */
  runEnd?: (date: string) => number | undefined;
  /** inclusive bounds on the sessions of each ISO week touched by the plan's first 14 days */
  perWeek?: [number, number];
  /** patterns every two weeks of sessions must cover */
  patterns?: readonly string[];
}

/**
 * When the test gives no run end: a planned start + duration on that date, else the latest end
 * of the runs on that date or on the same weekday in the 3 weeks before today.
 */
function derivedRunEnd(input: PlanInput, date: string): number | undefined {
  const planned = (input.plannedRuns ?? []).filter((r) => r.date === date && r.startLocal);
  if (planned.length > 0) return Math.max(...planned.map((r) => minuteOf(r.startLocal ?? '') + (r.durationMin ?? 60)));
  const wd = weekday(date);
  const ends = input.activities
    .filter((a) => a.sport !== 'strength' && a.sport !== 'ride')
    .filter((a) => a.startLocal.slice(0, 10) === date || (weekday(a.startLocal.slice(0, 10)) === wd && diffDays(input.today, a.startLocal.slice(0, 10)) <= 21 && a.startLocal.slice(0, 10) < input.today))
    .map((a) => minuteOf(a.startLocal) + Math.round(a.durationS / 60));
  return ends.length > 0 ? Math.max(...ends) : undefined;
}

function check(input: PlanInput, p: PlanResult, c: Check = {}): void {
  const dates = p.sessions.map((s) => s.date);
  const done = (input.strengthLog ?? []).filter((l) => l.status === 'done').map((l) => l.date);
  const all = [...new Set([...dates, ...done])].sort();
  for (let k = 1; k < all.length; k++) expect(diffDays(all[k] as string, all[k - 1] as string), 'two strength days in a row').toBeGreaterThan(1);
  for (const s of p.sessions) {
    expect(cls(p, addDays(s.date, 1)), `${s.date}: the day before a hard run`).not.toBe('hard');
    for (const r of input.races) {
      if (r.priority === 'A') expect([0, 1, 2], `${s.date}: within 48 h of the A race`).not.toContain(diffDays(r.date, s.date));
      expect(diffDays(r.date, s.date), `${s.date}: race day`).not.toBe(0);
    }
    const end = c.runEnd ? c.runEnd(s.date) : derivedRunEnd(input, s.date);
    if (end !== undefined && s.timing === 'clock' && cls(p, s.date) !== 'off') expect(minuteOf(s.start), `${s.date}: starts before the run ends`).toBeGreaterThanOrEqual(end);
    expect(minuteOf(s.start)).toBeLessThanOrEqual(22 * 60);
    // explanation: a summary, at most 4 reasons with their rule ids, the full trace kept
    expect(s.summary?.length ?? 0).toBeGreaterThan(10);
    expect(s.summary?.length ?? 0).toBeLessThan(160);
    expect(s.reasons.length).toBeLessThanOrEqual(4);
    expect(s.reasons.length).toBe(s.rules.length);
    expect(s.trace?.length ?? 0).toBeGreaterThanOrEqual(s.reasons.length);
    for (const r of s.reasons) expect(r).not.toMatch(/pattern:|evidence|LTHR/);
  }
  if (c.perWeek) {
    const [lo, hi] = c.perWeek;
    const last = addDays(input.today, Math.min(14, input.horizonDays ?? 14) - 1);
    for (let ws = addDays(input.today, -weekday(input.today)); addDays(ws, 6) <= last || ws <= input.today; ws = addDays(ws, 7)) {
      const n = dates.filter((d) => d >= ws && d <= addDays(ws, 6)).length + done.filter((d) => d >= ws && d <= addDays(ws, 6)).length;
      expect(n, `week of ${ws}`).toBeGreaterThanOrEqual(lo);
      expect(n, `week of ${ws}`).toBeLessThanOrEqual(hi);
    }
  }
  if (c.patterns) {
    const seen = new Set<string>();
    for (const s of p.sessions.filter((x) => diffDays(x.date, input.today) < 14)) {
      for (const e of s.exercises.slice(3)) {
        const def = byName.get(e.name);
        if (def) seen.add(patternOf(def));
      }
    }
    for (const pat of c.patterns) expect([...seen], `pattern ${pat}`).toContain(pat);
  }
}

const BALANCED = ['squat', 'hinge', 'single_leg', 'calf', 'hip', 'core', 'upper'];
const plan = (o: Partial<PlanInput> & { today: string }) => {
  const input = planInput(o);
  return { input, p: planStrength(input) };
};

describe('when the runner runs: the session follows the run', () => {
  it('Morning runner (07:00 intervals): lifts late morning on hard days, clock time after the run', () => {
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-15', TUE_THU_SAT) });
    check(input, p, { runEnd: (d) => (cls(p, d) === 'hard' ? 7 * 60 + 55 : undefined), perWeek: [2, 3], patterns: BALANCED });
    const tue = p.sessions.find((s) => s.date === TUE);
    expect(tue?.start).toBe(`${TUE}T11:00:00+01:00`);
    expect(tue?.timing).toBe('clock');
    expect(tue?.reasons.join(' ')).toMatch(/usually finish running about 07:55/);
  });

  it('Evening runner (18:00): lifts straight after the run, never at 18:30 before it', () => {
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-15', TUE_THU_SAT, { time: '18:00' }) });
    check(input, p, { runEnd: () => 18 * 60 + 55, perWeek: [2, 3], patterns: BALANCED });
    expect(p.sessions.length).toBeGreaterThan(0);
    for (const s of p.sessions) expect(minuteOf(s.start)).toBeGreaterThanOrEqual(18 * 60 + 55);
  });

  it('Morning runner with an imported plan: tomorrow’s planned 06:00 long run (2 h) puts the session after 08:00', () => {
    const plannedRuns = [{ date: TUE, title: 'Long run 25k', startLocal: `${TUE}T06:00`, durationMin: 120 }];
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-15', TUE_THU_SAT), plannedRuns });
    check(input, p, { runEnd: (d) => (d === TUE ? 8 * 60 : cls(p, d) === 'hard' ? 7 * 60 + 55 : undefined), perWeek: [2, 3], patterns: BALANCED });
    expect(p.sessions.find((s) => s.date === TUE)?.start).toBe(`${TUE}T11:00:00+01:00`);
  });

  it('Evening runner with an imported plan: today’s planned 19:00 start moves the session after it', () => {
    const plannedRuns = [{ date: TUE, title: 'Intervals 5x1k', startLocal: `${TUE}T19:00`, durationMin: 50 }];
    const { input, p } = plan({ today: TUE, activities: weeks('2026-01-05', '2026-03-16', TUE_THU_SAT, { time: '07:00' }), plannedRuns, nowLocal: `${TUE}T12:00` });
    check(input, p, { runEnd: (d) => (d === TUE ? 19 * 60 + 50 : undefined) });
    const s = p.sessions.find((x) => x.date === TUE);
    expect(s?.start).toBe(`${TUE}T20:15:00+01:00`);
    expect(s?.reasons.join(' ')).toMatch(/planned run ends about 19:50/);
  });

  it('Night runner (21:00, 45 min): a late session right after the run, no later than 22:00', () => {
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-15', TUE_THU_SAT, { time: '21:00', min: 45 }) });
    check(input, p, { runEnd: () => 21 * 60 + 45, perWeek: [1, 3], patterns: BALANCED });
    const tue = p.sessions.find((s) => s.date === TUE);
    expect(tue?.start).toBe(`${TUE}T22:00:00+01:00`);
  });

  it('Night owl (21:30, 60 min): too late to lift after the run, so strength goes on a rest day instead', () => {
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-15', TUE_THU_SUN, { time: '21:30', min: 60 }) });
    check(input, p, { runEnd: () => 22 * 60 + 30, perWeek: [1, 2] });
    for (const s of p.sessions) expect(cls(p, s.date)).toBe('off');
  });

  it('Night runner with an imported plan starting 20:00: session after the planned end', () => {
    const plannedRuns = [{ date: '2026-03-19', title: 'Tempo 30', startLocal: '2026-03-19T20:00', durationMin: 45 }];
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-15', TUE_THU_SAT, { time: '07:00' }), plannedRuns });
    check(input, p);
    expect(p.sessions.find((s) => s.date === '2026-03-19')?.start).toBe('2026-03-19T21:00:00+01:00');
  });

  it('Runner with no history of run times: the session says "after your run" instead of a clock time', () => {
    const { input, p } = plan({ today: MON, activities: [], athlete: athlete({ weeklyTemplate: { tue: 'hard', thu: 'hard', sat: 'easy' } }) });
    check(input, p, { perWeek: [2, 3] });
    const tue = p.sessions.find((s) => s.date === TUE);
    expect(tue?.timing).toBe('after-run');
    expect(tue?.summary).toMatch(/after your run/);
  });
});

describe('missed runs and breaks dial back, they do not switch strength off', () => {
  const hist = weeks('2026-01-05', '2026-03-16', TUE_THU_SAT);
  it('Missed run today: past the usual end + 90 min with nothing synced → no session paired with it', () => {
    const { input, p } = plan({ today: TUE, activities: hist, nowLocal: `${TUE}T10:30` });
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(cls(p, TUE)).toBe('off');
    expect(p.sessions.map((s) => s.date)).not.toContain(TUE);
    expect(p.notes.join(' ')).toMatch(/missed run/);
    expect(p.sessions[0]?.rules).toContain('R-MISSED');
    // at 08:30 the run may still come: today keeps its session
    expect(planStrength({ ...input, nowLocal: `${TUE}T08:30` }).sessions[0]?.date).toBe(TUE);
  });

  it('Six days off (still not running): one or two light sessions each week, not zero', () => {
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-10', TUE_THU_SAT) });
    check(input, p, { perWeek: [1, 2], patterns: BALANCED });
    expect(p.phase).toBe('return');
    expect(p.sessions[0]?.trace?.map((t) => t.rule)).toContain('R10');
  });

  it('12-day layoff, back for two days: ≥ 1 session a week, lighter first, old hard days count as easy', () => {
    const acts = [...weeks('2026-01-05', '2026-03-01', TUE_THU_SAT), ...weeks('2026-03-14', '2026-03-15', ['easy', 'easy', 'easy', 'easy', 'easy', 'easy', 'easy'])];
    const { input, p } = plan({ today: MON, activities: acts });
    check(input, p, { perWeek: [1, 2], patterns: BALANCED });
    expect(p.sessions[0]?.trace?.map((t) => t.rule)).toEqual(expect.arrayContaining(['R10', 'R-RETURN']));
    expect(cls(p, TUE)).toBe('easy');
  });

  it('Six-week break: a steady 1–2 sessions a week, the dose ramps up over the return', () => {
    const acts = [...weeks('2026-01-05', '2026-01-31', TUE_THU_SAT), ...weeks('2026-03-14', '2026-03-15', ['easy', 'easy', 'easy', 'easy', 'easy', 'easy', 'easy'])];
    const { input, p } = plan({ today: MON, activities: acts, horizonDays: 28 });
    check(input, p, { perWeek: [1, 2], patterns: BALANCED });
    const sets = p.sessions.map((s) => Math.max(...s.exercises.slice(3).map((e) => e.sets)));
    for (let k = 1; k < sets.length; k++) expect(sets[k]).toBeGreaterThanOrEqual(sets[k - 1] as number);
    expect(sets[0]).toBeLessThan(3);
    expect(p.sessions[0]?.exercises.some((e) => e.load?.includes('lighter'))).toBe(true);
  });

  it('Every-day easy runner: monotony suggests a rest day but strength still happens every week, climbing 1 → 2', () => {
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-15', ['easy', 'easy', 'easy', 'easy', 'easy', 'easy', 'easy']) });
    check(input, p, { runEnd: () => 7 * 60 + 40, perWeek: [1, 2], patterns: BALANCED });
    expect(p.sessions.map((s) => s.date < '2026-03-23')).toEqual([true, false, false]);
    expect(p.notes.join(' ')).toMatch(/R-MONO/);
  });
});

describe('a balanced programme that progresses', () => {
  const hist = weeks('2026-01-05', '2026-03-15', TUE_THU_SAT);
  const race = (o: Partial<Race>): Race => ({ id: 'g', date: '2026-05-24', distanceM: 5000, terrain: 'road', priority: 'A', ...o });

  it('5k runner with a gym: A/B sessions, calves every session, hamstrings every week, power', () => {
    const { input, p } = plan({ today: MON, activities: hist, athlete: athlete({ equipment: ['gym'] }), races: [race({})] });
    check(input, p, { perWeek: [2, 2], patterns: [...BALANCED, 'power'] });
    expect(p.sessions.map((s) => s.variant)).toEqual(['A', 'B', 'A', 'B']);
    for (const s of p.sessions) {
      expect(s.exercises.some((e) => byName.get(e.name)?.role === 'calf')).toBe(true);
      expect(s.exercises.some((e) => e.supersetWith !== undefined)).toBe(true);
      expect(s.durationMin).toBeLessThanOrEqual(30);
    }
  });

  it('Trail runner with gym equipment: loaded single-leg work and Nordic/hinge for the hamstrings', () => {
    const { input, p } = plan({ today: MON, activities: hist, athlete: athlete({ equipment: ['gym'] }), races: [race({ distanceM: 50000, terrain: 'trail' })] });
    check(input, p, { perWeek: [2, 2], patterns: BALANCED.filter((x) => x !== 'squat') });
    const names = p.sessions.flatMap((s) => s.exercises.map((e) => e.name));
    expect(names.some((n) => byName.get(n)?.equipment === 'dumbbells' && byName.get(n)?.role === 'single_leg')).toBe(true);
    expect(names.some((n) => byName.get(n)?.muscles.includes('hamstrings') && patternOf(byName.get(n) as never) === 'hinge')).toBe(true);
  });

  it('Progression adds reps or load, never sets that push exercises out', () => {
    const log = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({ sessionId: `l${k}`, date: addDays(MON, -2 * (8 - k)), status: 'done' as const }));
    const a = planStrength(planInput({ today: MON, activities: hist }));
    const b = planStrength(planInput({ today: MON, activities: hist, strengthLog: log.slice(4) }));
    const c = planStrength(planInput({ today: MON, activities: hist, strengthLog: log }));
    const first = (x: PlanResult, v: string) => x.sessions.find((s) => s.variant === v);
    expect(first(b, 'A')?.exercises.map((e) => e.name)).toEqual(first(a, 'A')?.exercises.map((e) => e.name));
    expect(first(b, 'A')?.exercises.map((e) => e.sets)).toEqual(first(a, 'A')?.exercises.map((e) => e.sets));
    expect((first(b, 'A')?.exercises.reduce((t, e) => t + (e.reps ?? 0), 0) ?? 0)).toBeGreaterThan(first(a, 'A')?.exercises.reduce((t, e) => t + (e.reps ?? 0), 0) ?? 0);
    expect(first(c, 'A')?.exercises.some((e) => e.load?.includes('more than last time'))).toBe(true);
  });

  it('Novice without equipment: bodyweight, the simplest variant (no Bulgarian split squat), ≤ 2 a week', () => {
    const { input, p } = plan({ today: MON, activities: hist, athlete: athlete({ experience: 'novice', equipment: [] }) });
    check(input, p, { perWeek: [2, 2], patterns: ['single_leg', 'hinge', 'calf', 'hip', 'core', 'upper'] });
    const names = p.sessions.flatMap((s) => s.exercises.map((e) => e.name));
    expect(names).not.toContain('Bulgarian split squat');
    expect(names.some((n) => n === 'Split squat' || n === 'Step-up')).toBe(true);
    for (const n of names) expect(byName.get(n)?.equipment).toBe('bodyweight');
  });
});

describe('races', () => {
  const hist = weeks('2026-01-05', '2026-03-15', TUE_THU_SAT);
  it('A race in 12 days: taper keeps known exercises, nothing within 48 h, one activation session in race week', () => {
    const A: Race = { id: 'm', date: '2026-03-28', distanceM: 42195, terrain: 'road', priority: 'A', name: 'City Marathon' };
    const { input, p } = plan({ today: MON, activities: hist, athlete: athlete({ equipment: ['gym'] }), races: [A] });
    check(input, p, { perWeek: [1, 2] });
    const normal = planStrength(planInput({ today: '2026-02-02', activities: hist.filter((a) => a.startLocal < '2026-02-02'), athlete: athlete({ equipment: ['gym'] }), races: [{ ...A, date: '2026-06-28' }] }));
    const known = new Set(normal.sessions.flatMap((s) => s.exercises.map((e) => e.name)));
    for (const s of p.sessions) for (const e of s.exercises) expect(known, e.name).toContain(e.name);
    expect(p.sessions.filter((s) => s.date >= '2026-03-21')).toHaveLength(1);
  });

  it('A race run three days ago: recovery, no "goal race within two weeks" text, a lighter first session', () => {
    const A: Race = { id: 'h', date: '2026-03-13', distanceM: 21097, terrain: 'road', priority: 'A' };
    const { input, p } = plan({ today: MON, activities: hist, races: [A] });
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(p.phase).toBe('recovery');
    for (const s of p.sessions) for (const t of s.trace ?? []) expect(t.text).not.toMatch(/within two weeks|within a week/);
    expect(p.sessions[0]?.title).toMatch(/light/);
    expect(p.sessions[0]?.reasons.join(' ')).toMatch(/First session back/);
  });

  it('B race on Saturday: a lighter session in its week that says so, nothing from −2 to +2 days', () => {
    const B: Race = { id: 'b', date: '2026-03-21', distanceM: 10000, terrain: 'road', priority: 'B', name: 'Spring 10k' };
    const { input, p } = plan({ today: MON, activities: hist, races: [B] });
    check(input, p, { perWeek: [1, 2], patterns: BALANCED });
    for (const s of p.sessions) expect(Math.abs(diffDays(s.date, B.date))).toBeGreaterThan(2);
    const wk = p.sessions.filter((s) => s.date <= '2026-03-22');
    expect(wk.length).toBeGreaterThan(0);
    for (const s of wk) expect(s.reasons.join(' ')).toMatch(/B race this week \(Spring 10k\)/);
  });

  it('B race two days ago: the next session is lighter and names the race', () => {
    const B: Race = { id: 'b', date: '2026-03-14', distanceM: 10000, terrain: 'road', priority: 'B', name: 'Spring 10k' };
    const { input, p } = plan({ today: MON, activities: hist, races: [B] });
    check(input, p, { perWeek: [1, 2], patterns: BALANCED });
    expect(p.sessions[0]?.reasons.join(' ')).toMatch(/Spring 10k/);
  });
});

describe('injury', () => {
  it('Injured runner who cannot run (knee, dumbbells, cleared for low impact): loaded circuits, no running texts', () => {
    const { input, p } = plan({ today: MON, activities: weeks('2026-01-05', '2026-03-08', TUE_THU_SAT), athlete: athlete({ equipment: ['dumbbells'], injury: { area: 'knee', canRun: false, lowImpactCleared: true } }) });
    check(input, p, { perWeek: [2, 3], patterns: ['hip', 'calf', 'core', 'upper'] });
    expect(p.phase).toBe('injured');
    expect(p.notes.join(' ')).toMatch(/cycling, swimming or pool running/);
    for (const s of p.sessions) {
      expect(s.kind).toBe('circuit');
      expect(s.exercises.some((e) => byName.get(e.name)?.equipment === 'dumbbells')).toBe(true);
      for (const e of s.exercises) expect(byName.get(e.name)?.regions).not.toContain('knee');
      for (const text of [s.summary ?? '', ...s.reasons]) expect(text).not.toMatch(/\brun/i);
    }
  });
});

describe('day classes a runner recognises', () => {
  const base = weeks('2026-01-05', '2026-03-08', TUE_THU_SAT);
  const lthr = athlete({ lthrBpm: 169 });
  const planWith = (extra: ActivityInput[], a = lthr) => plan({ today: MON, activities: [...base, ...extra], athlete: a });

  it('No heart rate at all: pace and titles classify, pace loads, sessions still on hard days', () => {
    const acts = weeks('2026-01-05', '2026-03-15', TUE_THU_SAT, { hr: false });
    const { input, p } = plan({ today: MON, activities: acts, athlete: athlete({ hrMaxBpm: undefined, hrRestBpm: undefined }) });
    check(input, p, { runEnd: (d) => (cls(p, d) === 'hard' ? 7 * 60 + 55 : undefined), perWeek: [2, 3], patterns: BALANCED });
    expect(p.days.find((d) => d.date === '2026-03-10')?.activities[0]?.loadMethod).toBe('pace');
    for (const s of p.sessions) expect(cls(p, s.date)).toBe('hard');
  });

  it('Hot-day drift: heart rate above the intensity line at an easy pace is not a tempo', () => {
    const hot = run('2026-03-11', { name: 'Afternoon Run', min: 50, km: 7.5, avgHrBpm: 160, time: '15:00' });
    const tempo = run('2026-03-12', { name: 'Afternoon Run', min: 40, km: 9.5, avgHrBpm: 160 });
    const { input, p } = planWith([hot, tempo]);
    check(input, p, { perWeek: [2, 3], patterns: BALANCED });
    expect(p.days.find((d) => d.date === '2026-03-11')).toMatchObject({ class: 'easy', evidence: [expect.stringMatching(/drift/)] });
    expect(cls(p, '2026-03-12')).toBe('hard');
  });

  it('Strides: "Easy 8k + 6x20s strides" is an easy day, "6x800" is intervals', () => {
    const strides = run('2026-03-11', { name: 'Easy 8k + 6x20s strides', min: 45, km: 8, avgHrBpm: 138 });
    const { input, p } = planWith([strides, run('2026-03-13', { name: '6x800 track', min: 50, km: 10, avgHrBpm: 150 })]);
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(cls(p, '2026-03-11')).toBe('easy');
    expect(cls(p, '2026-03-13')).toBe('hard');
  });

  it('Place names: "Long Lake loop" and "Hill Street" are not workouts unless the run agrees', () => {
    const lake = run('2026-03-10', { name: 'Long Lake loop', min: 45, km: 8, avgHrBpm: 138 });
    const street = run('2026-03-11', { name: 'Hill Street', min: 40, km: 7, avgHrBpm: 136, elevationGainM: 30 });
    const hills = run('2026-03-12', { name: 'Hills', min: 50, km: 9, avgHrBpm: 150, elevationGainM: 250 });
    const { input, p } = planWith([lake, street, hills]);
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(cls(p, '2026-03-10')).toBe('easy');
    expect(cls(p, '2026-03-11')).toBe('easy');
    expect(cls(p, '2026-03-12')).toBe('hard');
  });

  it('Hilly trail runner: a long climb at moderate heart rate is hard, a flat trail jog is easy', () => {
    const climb = run('2026-03-14', { sport: 'trail_run', name: 'Morning Trail Run', min: 130, km: 16, avgHrBpm: 140, elevationGainM: 1100 });
    const shortClimb = run('2026-03-10', { sport: 'trail_run', name: 'Trail', min: 70, km: 8, avgHrBpm: 140, elevationGainM: 650 });
    const flat = run('2026-03-11', { sport: 'trail_run', name: 'Trail jog', min: 45, km: 7, avgHrBpm: 135, elevationGainM: 40 });
    const { input, p } = planWith([climb, shortClimb, flat]);
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(p.days.find((d) => d.date === '2026-03-14')?.evidence.join(' ')).toMatch(/climb/);
    expect(cls(p, '2026-03-10')).toBe('hard');
    expect(cls(p, '2026-03-11')).toBe('easy');
  });

  it('Treadmill run without GPS or heart rate: easy, and asks for an effort rating instead of guessing', () => {
    const tm = run('2026-03-11', { sport: 'treadmill_run', name: 'Treadmill', min: 40, distanceM: 0 });
    const { input, p } = planWith([tm]);
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(p.days.find((d) => d.date === '2026-03-11')).toMatchObject({ class: 'easy', needsEffortRating: true });
    const rated = planWith([{ ...tm, perceivedExertion: 8 }]).p;
    expect(rated.days.find((d) => d.date === '2026-03-11')).toMatchObject({ class: 'hard' });
    expect(rated.days.find((d) => d.date === '2026-03-11')?.needsEffortRating).toBeUndefined();
  });

  it('Run with a watch that recorded nothing (no heart rate, no distance): asks for a rating too, and says so plainly', () => {
    const bare = run('2026-03-11', { name: 'Gym run', min: 40, distanceM: 0 });
    const withHr = run('2026-03-12', { name: 'Easy', min: 40, distanceM: 0, avgHrBpm: 135 });
    const { input, p } = planWith([bare, withHr]);
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(p.days.find((d) => d.date === '2026-03-11')).toMatchObject({ class: 'easy', needsEffortRating: true, evidence: ['run without heart rate or distance: rate the effort (1–10) to classify it'] });
    expect(p.days.find((d) => d.date === '2026-03-12')?.needsEffortRating).toBeUndefined();
  });

  it('Structured ride when cross-training counts: intervals on the bike make a hard day', () => {
    const ride = run('2026-03-11', { sport: 'ride', name: 'Zwift intervals 5x4min', min: 60, distanceM: 30000 });
    const { input, p } = planWith([ride], athlete({ lthrBpm: 169, crossTrainingCounts: true }));
    check(input, p, { perWeek: [1, 3], patterns: BALANCED });
    expect(cls(p, '2026-03-11')).toBe('hard');
    expect(planWith([ride]).p.days.find((d) => d.date === '2026-03-11')?.class).toBe('off');
  });
});

describe('planned versus done', () => {
  it('A synced strength activity on a session day marks it done and counts towards progression', () => {
    const hist = weeks('2026-01-05', '2026-03-16', TUE_THU_SAT);
    const first = planStrength(planInput({ today: '2026-03-10', activities: hist.filter((a) => a.startLocal < '2026-03-10') }));
    const s0 = first.sessions[0];
    expect(s0?.date).toBe('2026-03-10');
    const lift = run('2026-03-10', { sport: 'strength', name: 'Weight Training', min: 30, time: '12:00' });
    const later = planStrength(planInput({ today: MON, activities: [...hist, lift], previousSessions: first.sessions }));
    expect(later.completed).toEqual([{ sessionId: s0?.id, date: '2026-03-10', via: 'activity' }]);
    // one done session: the next one is B
    expect(later.sessions[0]?.variant).toBe('B');
  });
});
