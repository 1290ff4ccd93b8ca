/** fast-check properties over generated histories: the planner's invariants. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, exerciseLibrary, planStrength } from '../../rules/index';
import type { ActivityInput, AthleteProfile, PlanInput, PlannedRun, Race, StrengthLog } from '../../rules/index';
import { diffDays, run, weekday } from './helpers';

const heavyNames = new Set(exerciseLibrary.filter((e) => e.heavy).map((e) => e.name));
const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'UTC', 'Asia/Kolkata'];

const dayKind = fc.constantFrom('off', 'off', 'easy', 'easy', 'hard', 'long', 'race', 'ride');

const inputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    todayOffset: fc.integer({ min: 0, max: 400 }),
    days: fc.array(dayKind, { minLength: 0, maxLength: 90 }),
    hr: fc.boolean(),
    races: fc.array(
      fc.record({
        offset: fc.integer({ min: -20, max: 40 }),
        distanceM: fc.constantFrom(5000, 10000, 21097, 42195, 100000),
        terrain: fc.constantFrom('road' as const, 'trail' as const),
        priority: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
      }),
      { maxLength: 3 },
    ),
    planned: fc.array(
      fc.record({
        offset: fc.integer({ min: -7, max: 20 }),
        title: fc.constantFrom('Intervals 6x800', 'Easy 40', 'Long run', 'Rest', 'Tempo'),
        start: fc.option(fc.constantFrom('06:30', '19:00', '20:30'), { nil: undefined }),
      }),
      { maxLength: 8 },
    ),
    time: fc.constantFrom('06:00', '12:00', '18:30', '21:15'),
    now: fc.option(fc.constantFrom('07:00', '13:00', '22:00'), { nil: undefined }),
    lift: fc.option(fc.integer({ min: -6, max: 0 }), { nil: undefined }),
    logs: fc.array(fc.record({ offset: fc.integer({ min: -10, max: 0 }), status: fc.constantFrom('done' as const, 'skipped' as const) }), { maxLength: 4 }),
    spw: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    experience: fc.constantFrom('novice' as const, 'returning' as const, 'regular' as const),
    equipment: fc.subarray(['bands', 'dumbbells', 'kettlebell', 'gym'] as const),
    injury: fc.option(fc.record({ area: fc.constantFrom('knee' as const, 'foot' as const, 'hip' as const, 'upper_body' as const), canRun: fc.boolean() }), { nil: undefined }),
    zone: fc.constantFrom(...ZONES),
    horizon: fc.integer({ min: 7, max: 28 }),
    pref: fc.option(fc.constantFrom('06:30', '12:00', '19:00'), { nil: undefined }),
  })
  .map((g) => {
    const today = addDays('2025-12-01', g.todayOffset);
    const activities: ActivityInput[] = [];
    g.days.forEach((k, i) => {
      const date = addDays(today, -g.days.length + i + 1);
      const hr = { ...(g.hr ? { avgHrBpm: k === 'hard' ? 165 : 140, maxHrBpm: 180 } : {}), time: g.time };
      if (k === 'easy') activities.push(run(date, { min: 40, km: 7, ...hr }));
      if (k === 'hard') activities.push(run(date, { min: 50, km: 10, name: 'Intervals', ...hr }));
      if (k === 'long') activities.push(run(date, { min: 110, km: 19, ...hr }));
      if (k === 'race') activities.push(run(date, { min: 30, km: 7, workoutType: 'race', ...hr }));
      if (k === 'ride') activities.push(run(date, { sport: 'ride', min: 60 }));
    });
    const races: Race[] = g.races.map((r, i) => ({ id: `r${i}`, date: addDays(today, r.offset), distanceM: r.distanceM, terrain: r.terrain, priority: r.priority }));
    const plannedRuns: PlannedRun[] = g.planned.map((p) => {
      const date = addDays(today, p.offset);
      return p.start ? { date, title: p.title, startLocal: `${date}T${p.start}`, durationMin: 50 } : { date, title: p.title };
    });
    if (g.lift !== undefined) activities.push(run(addDays(today, g.lift), { sport: 'strength', min: 30, time: '12:00' }));
    const strengthLog: StrengthLog[] = g.logs.map((l, i) => ({ sessionId: `l${i}`, date: addDays(today, l.offset), status: l.status }));
    const athlete: AthleteProfile = { timeZone: g.zone, experience: g.experience, equipment: [...g.equipment] };
    if (g.spw !== undefined) athlete.sessionsPerWeek = g.spw;
    if (g.injury) athlete.injury = g.injury;
    if (g.pref) athlete.preferredStrengthTime = g.pref;
    const input: PlanInput = { today, athleteId: 'p', athlete, activities, races, plannedRuns, strengthLog, horizonDays: g.horizon };
    if (g.now) input.nowLocal = `${today}T${g.now}`;
    return input;
  });

function isoWeekKey(date: string): string {
  return addDays(date, -weekday(date));
}

function shiftInput(i: PlanInput, n: number): PlanInput {
  const shiftLocal = (s: string) => `${addDays(s.slice(0, 10), n)}${s.slice(10)}`;
  return {
    ...i,
    today: addDays(i.today, n),
    activities: i.activities.map((a) => ({ ...a, startLocal: shiftLocal(a.startLocal) })),
    races: i.races.map((r) => ({ ...r, date: addDays(r.date, n) })),
    plannedRuns: (i.plannedRuns ?? []).map((p) => ({ ...p, date: addDays(p.date, n), ...(p.startLocal ? { startLocal: shiftLocal(p.startLocal) } : {}) })),
    ...(i.nowLocal ? { nowLocal: shiftLocal(i.nowLocal) } : {}),
    strengthLog: (i.strengthLog ?? []).map((l) => ({ ...l, date: addDays(l.date, n) })),
  };
}

const RUNS = 300;

describe('planner invariants (fast-check)', () => {
  it('never strength on two consecutive days (incl. already-done sessions)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = planStrength(input);
        const dates = [...p.sessions.map((s) => s.date), ...(input.strengthLog ?? []).filter((l) => l.status === 'done').map((l) => l.date)].sort();
        const uniq = [...new Set(dates)];
        for (let k = 1; k < uniq.length; k++) {
          const a = uniq[k - 1] as string;
          const b = uniq[k] as string;
          if (p.sessions.some((s) => s.date === a) || p.sessions.some((s) => s.date === b)) expect(diffDays(b, a)).toBeGreaterThan(1);
        }
        expect(new Set(p.sessions.map((s) => s.date)).size).toBe(p.sessions.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('never more than the weekly cap (ISO week incl. done sessions, any 7 days ≤ 3)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = planStrength(input);
        const cap = Math.min(3, input.athlete.sessionsPerWeek ?? 3);
        const planned = new Map<string, number>();
        const done = new Map<string, number>();
        for (const s of p.sessions) planned.set(isoWeekKey(s.date), (planned.get(isoWeekKey(s.date)) ?? 0) + 1);
        const doneDates = new Set((input.strengthLog ?? []).filter((l) => l.status === 'done').map((l) => l.date));
        for (const d of doneDates) done.set(isoWeekKey(d), (done.get(isoWeekKey(d)) ?? 0) + 1);
        for (const [wk, n] of planned) {
          const d = done.get(wk) ?? 0;
          expect(n + d).toBeLessThanOrEqual(Math.max(cap, d));
        }
        for (const s of p.sessions) {
          const inWindow = p.sessions.filter((x) => diffDays(x.date, s.date) >= 0 && diffDays(x.date, s.date) < 7).length;
          expect(inWindow).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('nothing on race day or the day before; nothing heavy within 7 days before an A race', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = planStrength(input);
        for (const s of p.sessions) {
          for (const r of input.races) {
            const d = diffDays(r.date, s.date);
            expect(d === 0 || d === 1).toBe(false);
            if (r.priority === 'A' && d >= 1 && d <= 7) {
              for (const e of s.exercises) expect(heavyNames.has(e.name)).toBe(false);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(planStrength(structuredClone(input))).toEqual(planStrength(input));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps ids under a one-day move, and ids never contain the date', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p1 = planStrength({ ...input, athlete: { ...input.athlete, weeklyTemplate: undefined } });
        const moved = shiftInput({ ...input, athlete: { ...input.athlete, weeklyTemplate: undefined } }, 1);
        const p2 = planStrength({ ...moved, previousSessions: p1.sessions });
        for (const s2 of p2.sessions) {
          const s1 = p1.sessions.find((s) => s.date === addDays(s2.date, -1));
          if (s1) expect(s2.id).toBe(s1.id);
          expect(s2.id).not.toContain(s2.date);
          expect(s2.id).not.toContain(s2.date.replaceAll('-', ''));
        }
        expect(new Set(p2.sessions.map((s) => s.id)).size).toBe(p2.sessions.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('a single session moved by one day keeps its id', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.constantFrom(-1, 1), (input, pick, dir) => {
        const p1 = planStrength(input);
        if (p1.sessions.length === 0) return;
        const k = pick % p1.sessions.length;
        const prev = p1.sessions.map((s, i) => (i === k ? { ...s, date: addDays(s.date, dir) } : s));
        const p2 = planStrength({ ...input, previousSessions: prev });
        expect(p2.sessions.map((s) => s.id)).toEqual(p1.sessions.map((s) => s.id));
      }),
      { numRuns: RUNS },
    );
  });

  it('never the day before a hard run or race, nothing within 48 h before an A race', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = planStrength(input);
        for (const s of p.sessions) {
          expect(p.days.find((d) => d.date === addDays(s.date, 1))?.class).not.toBe('hard');
          for (const r of input.races) if (r.priority === 'A') expect([0, 1, 2]).not.toContain(diffDays(r.date, s.date));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a session on the day of a synced run starts after that run ends', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('06:00', '12:30', '18:00', '20:45'), (input, time) => {
        const today = run(input.today, { time, min: 50, km: 10, name: 'Intervals', utcOffsetMin: 60 });
        const p = planStrength({ ...input, activities: [...input.activities.filter((a) => !a.startLocal.startsWith(input.today)), today] });
        const end = Date.parse(`${today.startLocal}+01:00`) + today.durationS * 1000;
        for (const s of p.sessions) if (s.date === input.today && !input.athlete.injury) expect(Date.parse(s.start)).toBeGreaterThanOrEqual(end);
      }),
      { numRuns: RUNS },
    );
  });

  it('every session explains itself briefly: a summary, at most 4 reasons, the full trace', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const s of planStrength(input).sessions) {
          expect(s.summary?.length ?? 0).toBeGreaterThan(0);
          expect(s.reasons.length).toBeLessThanOrEqual(4);
          expect(['clock', 'after-run']).toContain(s.timing);
          const traced = (s.trace ?? []).map((t) => t.rule);
          for (const r of s.rules) expect(traced).toContain(r);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('sessions are inside the horizon, start on their own date, and carry reasons', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = planStrength(input);
        for (const s of p.sessions) {
          const d = diffDays(s.date, input.today);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThan(input.horizonDays ?? 14);
          expect(s.start.slice(0, 10)).toBe(s.date);
          expect(s.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/);
          expect(s.reasons.length).toBe(s.rules.length);
          expect(s.exercises.length).toBeGreaterThan(0);
        }
        expect(p.days.at(-1)?.date).toBe(addDays(input.today, (input.horizonDays ?? 14) - 1));
      }),
      { numRuns: RUNS },
    );
  });
});
