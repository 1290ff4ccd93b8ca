/**
 * PlanInput.nowLocal: no session in the past. A replan late in the day must not put
 * "today's" session at a time that has already passed (calendars would get an event in the
 * past): on today a session starts at now + 30 min at the earliest, rounded up to the
 * quarter hour, at the latest 21:00; otherwise today is not used.
 */
import { describe, expect, it } from 'vitest';
import { planStrength } from '../../rules/index';
import type { PlanInput, PlanResult } from '../../rules/index';
import { athlete, history, planInput, run, TUE_THU_SUN } from './helpers';

const TODAY = '2026-03-17'; // Tuesday, a hard day in TUE_THU_SUN
// today's intervals: 07:00 + 55 min → ends 07:55; + 3 h gap → natural start 11:00
const HARD_TODAY = [...history('2026-01-05', '2026-03-16', TUE_THU_SUN), run(TODAY, { name: 'Intervals 6x800', min: 55, km: 11, avgHrBpm: 160, maxHrBpm: 182 })];
const EASY_ONLY = history('2026-01-05', '2026-03-16', ['easy', 'off', 'easy', 'off', 'easy', 'off', 'easy']);

const input = (o: Partial<PlanInput> = {}): PlanInput => planInput({ today: TODAY, activities: HARD_TODAY, ...o });
const plan = (o: Partial<PlanInput> = {}): PlanResult => planStrength(input(o));
const onToday = (p: PlanResult) => p.sessions.find((s) => s.date === TODAY);
/** local wall clock 'HH:mm' of an ISO start with offset */
const hhmm = (start: string | undefined) => start?.slice(11, 16);
const minutes = (start: string) => Number(start.slice(11, 13)) * 60 + Number(start.slice(14, 16));

describe('nowLocal: no session in the past', () => {
  const baseline = plan();

  it('baseline: without nowLocal, today (hard, run logged) gets its session at run end + 3 h', () => {
    const s = onToday(baseline);
    expect(s?.start).toBe('2026-03-17T11:00:00+01:00');
    expect(s?.rules).toContain('R1');
    expect(s?.trace?.map((t) => t.rule)).toEqual(expect.arrayContaining(['R1', 'R-PAIR']));
  });

  it('must not: nowLocal before the natural start (now + 30 min ≤ 11:00) changes nothing', () => {
    expect(plan({ nowLocal: '2026-03-17T09:00' })).toEqual(baseline);
    expect(plan({ nowLocal: '2026-03-17T10:30' })).toEqual(baseline);
  });

  it('must not: a nowLocal of an earlier day, or a malformed one, changes nothing', () => {
    expect(plan({ nowLocal: '2026-03-16T23:50' })).toEqual(baseline);
    expect(plan({ nowLocal: '17/03/2026 21:00' })).toEqual(baseline);
    expect(plan({ nowLocal: '2026-03-17T25:00' })).toEqual(baseline);
  });

  it('fires: natural start already passed → now + 30 min rounded up to the quarter hour, reason under R1', () => {
    const p = plan({ nowLocal: '2026-03-17T10:40' });
    const s = onToday(p);
    expect(s?.start).toBe('2026-03-17T11:15:00+01:00');
    expect(s?.id).toBe(onToday(baseline)?.id);
    const r1 = s?.reasons[s.rules.indexOf('R1')];
    expect(r1).toContain('At 11:15: 11:00 had already passed or was less than 30 min away');
    // the rest of the plan is untouched
    expect(p.sessions.filter((x) => x.date !== TODAY)).toEqual(baseline.sessions.filter((x) => x.date !== TODAY));
  });

  it('fires: an evening replan moves the session to the evening, exactly on the quarter when now + 30 min is one', () => {
    expect(hhmm(onToday(plan({ nowLocal: '2026-03-17T19:10' }))?.start)).toBe('19:45');
    expect(hhmm(onToday(plan({ nowLocal: '2026-03-17T19:15' }))?.start)).toBe('19:45');
    // 21:00 is the latest start: still today
    expect(hhmm(onToday(plan({ nowLocal: '2026-03-17T20:30' }))?.start)).toBe('21:00');
  });

  it('fires: after 21:00 (now + 30 min past the latest start) → not today; the week uses other allowed days', () => {
    const p = plan({ nowLocal: '2026-03-17T21:00' });
    expect(onToday(p)).toBeUndefined();
    expect(p.sessions.length).toBeGreaterThan(0);
    for (const s of p.sessions) expect(s.date > TODAY).toBe(true);
    // the other hard day of the week (Thursday) still carries a session
    expect(p.sessions.some((s) => s.date === '2026-03-19' && s.rules.includes('R1'))).toBe(true);
  });

  it('fires: fallback (easy) day at the preferred time, reason under R-FALLBACK', () => {
    const o = { activities: EASY_ONLY, athlete: athlete({ preferredStrengthTime: '12:00' }) };
    const before = onToday(plan(o));
    expect(before?.start).toBe('2026-03-17T12:00:00+01:00');
    expect(before?.rules).toContain('R-FALLBACK');
    const moved = onToday(plan({ ...o, nowLocal: '2026-03-17T13:05' }));
    expect(moved?.start).toBe('2026-03-17T13:45:00+01:00');
    expect(moved?.reasons[moved.rules.indexOf('R-FALLBACK')]).toContain('At 13:45: 12:00 had already passed');
    expect(onToday(plan({ ...o, nowLocal: '2026-03-17T22:10' }))).toBeUndefined();
  });

  it('invariant: for every now of the day, a session today starts ≥ now + 30 min and is never moved past 21:00', () => {
    for (let m = 0; m < 24 * 60; m += 5) {
      const now = `${TODAY}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const s = onToday(plan({ nowLocal: now }));
      if (m + 30 <= 11 * 60) expect(s?.start, now).toBe(onToday(baseline)?.start);
      else if (m + 30 <= 21 * 60) {
        expect(s, now).toBeDefined();
        expect(minutes(s?.start ?? ''), now).toBe(Math.ceil((m + 30) / 15) * 15);
      } else expect(s, now).toBeUndefined();
    }
  });
});
