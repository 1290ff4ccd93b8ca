import { describe, expect, it } from 'vitest';
import type { PlannedSession } from '../../rules';
import { SessionCard } from '../../src/pages/components';

const session: PlannedSession = {
  id: 's1',
  date: '2026-12-02',
  start: '2026-12-02T19:30:00+01:00',
  durationMin: 25,
  title: 'Strength A',
  kind: 'strength',
  exercises: [{ name: 'Split squat', sets: 2, reps: 8, restSec: 60 }],
  rules: ['R1'],
  reasons: ['Paired with today’s hard run'],
  summary: 'A short session after your intervals.',
};

const html = async (s: PlannedSession) => String(await SessionCard({ session: s, editable: false }));

describe('a session on the plan page', () => {
  it('shows its clock time and its one-sentence summary', async () => {
    const out = await html({ ...session, timing: 'clock' });
    expect(out).toContain('at 19:30');
    expect(out).toContain('A short session after your intervals.');
  });

  it('says "after your run" instead of a clock time when the run’s time is unknown', async () => {
    const out = await html({ ...session, timing: 'after-run' });
    expect(out).toContain('after your run');
    expect(out).not.toContain('at 19:30');
  });
});
