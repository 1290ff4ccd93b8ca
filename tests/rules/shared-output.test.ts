/**
 * The planner shares some output between plans instead of copying it per plan (built sessions,
 * the empty lists of days without activities). These tests pin that the shared parts are frozen
 * (a caller that tried to change them would fail loudly, not corrupt other plans) and that
 * sharing never changes what a plan says.
 */
import { describe, expect, it } from 'vitest';
import { planStrength } from '../../rules/index';
import type { PlanInput } from '../../rules/index';
import { athlete, history, planInput, TUE_THU_SUN } from './helpers';

const TODAY = '2026-03-30';

function input(o: Partial<PlanInput> = {}): PlanInput {
  return planInput({ today: TODAY, activities: history('2026-01-05', '2026-03-29', TUE_THU_SUN), ...o });
}

describe('shared planner output', () => {
  it('hands out frozen exercises, the same objects for the same dose across plans', () => {
    const a = planStrength(input({ athleteId: 'a' }));
    const b = planStrength(input({ athleteId: 'b' }));
    expect(a.sessions.length).toBeGreaterThan(0);
    const first = a.sessions[0];
    expect(first).toBeDefined();
    if (!first) return;
    expect(Object.isFrozen(first.exercises)).toBe(true);
    for (const e of first.exercises) expect(Object.isFrozen(e)).toBe(true);
    expect(b.sessions[0]?.exercises).toBe(first.exercises);
    expect(() => (first.exercises as unknown as string[]).push('x')).toThrow(TypeError);
  });

  it('keys the session cache on the equipment list by content, not by array identity', () => {
    const gym = planStrength(input({ athlete: athlete({ equipment: ['dumbbells', 'bands'] }) }));
    const again = planStrength(input({ athlete: athlete({ equipment: ['dumbbells', 'bands'] }) }));
    const bodyweight = planStrength(input({ athlete: athlete({ equipment: ['bodyweight'] }) }));
    expect(again.sessions.map((s) => s.exercises)).toEqual(gym.sessions.map((s) => s.exercises));
    expect(bodyweight.sessions.map((s) => s.exercises)).not.toEqual(gym.sessions.map((s) => s.exercises));
    // no dumbbell loads for a runner without dumbbells
    for (const e of bodyweight.sessions.flatMap((s) => s.exercises)) expect(['bodyweight', 'band', 'light band', undefined]).toContain(e.load);
  });

  it('builds a session for a dose the cache key cannot pack (fractional minutes) the same way every time', () => {
    const odd = input({ athlete: athlete({ maxSessionMinutes: 37.5 }) });
    const a = planStrength(odd);
    const b = planStrength(odd);
    expect(a.sessions.length).toBeGreaterThan(0);
    expect(b.sessions).toEqual(a.sessions);
    for (const s of a.sessions) {
      expect(s.exercises.length).toBeGreaterThan(0);
      expect(s.durationMin).toBeLessThanOrEqual(38);
    }
  });

  it('gives days without activities frozen empty lists and keeps their evidence', () => {
    const plan = planStrength(input());
    const off = plan.days.filter((d) => d.source === 'actual' && d.activities.length === 0);
    expect(off.length).toBeGreaterThan(0);
    for (const d of off) {
      expect(d.class).toBe('off');
      expect(d.evidence).toEqual(['no run']);
      expect(Object.isFrozen(d.activities)).toBe(true);
    }
    const expected = plan.days.filter((d) => d.source === 'expected');
    expect(expected.length).toBeGreaterThan(0);
    for (const d of expected) expect(Object.isFrozen(d.activities)).toBe(true);
  });

  it('copies each day its own evidence list (the buffer they are collected in is reused)', () => {
    const plan = planStrength(input());
    const ran = plan.days.filter((d) => d.source === 'actual' && d.activities.length > 0);
    expect(ran.length).toBeGreaterThan(10);
    const lists = new Set(ran.map((d) => d.evidence));
    expect(lists.size).toBe(ran.length);
    expect(ran.some((d) => d.class === 'hard' && d.evidence.some((e) => e.includes('Intervals') || e.startsWith('workout')))).toBe(true);
    expect(ran.filter((d) => d.class === 'easy').every((d) => d.evidence.length >= 1)).toBe(true);
  });
});
