/** Sessions the runner reported (done or skipped) are history: the next plan works around them. */
import { describe, expect, it } from 'vitest';
import { addDays, planStrength } from '../../rules/index';
import type { PlanInput } from '../../rules/index';
import { history, planInput, TUE_THU_SUN } from './helpers';

const TODAY = '2026-03-17'; // Tuesday, a hard day in this history
const base = (o: Partial<PlanInput> = {}): PlanInput => planInput({ today: TODAY, activities: history('2026-01-05', '2026-03-17', TUE_THU_SUN), ...o });

describe('reported sessions', () => {
  it('a day whose session was skipped gets no other session, and the week still gets its sessions elsewhere', () => {
    const first = planStrength(base());
    const today = first.sessions.find((s) => s.date === TODAY);
    expect(today).toBeDefined();
    const thisWeek = (p: typeof first) => p.sessions.filter((s) => s.date >= TODAY && s.date <= addDays(TODAY, 5)).length;

    const after = planStrength(base({ previousSessions: first.sessions, strengthLog: [{ sessionId: today?.id ?? '', date: TODAY, status: 'skipped' }] }));
    expect(after.sessions.filter((s) => s.date === TODAY)).toEqual([]);
    expect(thisWeek(after)).toBeGreaterThanOrEqual(1);
    expect(after.sessions.map((s) => s.id)).not.toContain(today?.id);
  });

  it('a session done yesterday keeps its id to itself: a new session nearby gets another id', () => {
    const yesterday = planStrength(base({ today: addDays(TODAY, -1) }));
    const done = yesterday.sessions[0];
    expect(done).toBeDefined();
    const log = [{ sessionId: done?.id ?? '', date: done?.date ?? '', status: 'done' as const }];
    // without it in the log, a session within 3 days of it would take its id (it moved)
    const unreported = planStrength(base({ previousSessions: [done!] }));
    expect(unreported.sessions.map((s) => s.id)).toContain(done?.id);
    const next = planStrength(base({ previousSessions: [done!], strengthLog: log }));
    expect(next.sessions.length).toBeGreaterThan(0);
    expect(next.sessions.map((s) => s.id)).not.toContain(done?.id);
    // the other previous sessions keep their ids where they stay
    const all = planStrength(base({ previousSessions: yesterday.sessions, strengthLog: log }));
    const kept = yesterday.sessions.slice(1).filter((p) => all.sessions.some((s) => s.date === p.date));
    expect(kept.length).toBeGreaterThan(0);
    for (const p of kept) expect(all.sessions.find((s) => s.date === p.date)?.id).toBe(p.id);
  });

  it('a done session in the log with no previous sessions reserves its id too', () => {
    const plain = planStrength(base());
    const first = plain.sessions[0];
    expect(first).toBeDefined();
    const next = planStrength(base({ strengthLog: [{ sessionId: first?.id ?? '', date: addDays(TODAY, -8), status: 'done' }] }));
    expect(next.sessions.map((s) => s.id)).not.toContain(first?.id);
    expect(new Set(next.sessions.map((s) => s.id)).size).toBe(next.sessions.length);
  });
});
