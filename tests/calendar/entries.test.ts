import { describe, expect, it } from 'vitest';
import { entryFromSession } from '../../src/calendar/entries';
import type { PlannedSessionRow } from '../../src/db/repositories/planning';

function row(content: Record<string, unknown>): PlannedSessionRow {
  return { userId: 'u1', id: 's1', date: '2026-12-02', start: '2026-12-02T19:30:00+01:00', content: { id: 's1', date: '2026-12-02', title: 'Strength A', durationMin: 25, exercises: [], reasons: ['Paired with today’s hard run (R1)'], ...content }, contentHash: 'x', revision: 1, status: 'planned', updatedAtMs: 0 };
}

const opts = { timeZone: 'Europe/Berlin', publicUrl: 'https://hardday.example' };

describe('calendar entries from planned sessions', () => {
  it('puts a session with a known run time at its clock time, busy', async () => {
    const entry = await entryFromSession(row({ timing: 'clock', summary: 'A short session after your intervals.' }), opts);
    expect(entry.timing).toEqual({ kind: 'timed', startLocal: '2026-12-02T19:30', endLocal: '2026-12-02T19:55', timeZone: 'Europe/Berlin' });
    expect(entry.busy).toBe(true);
    expect(entry.title).toBe('Strength A');
    expect(entry.descriptionText).toContain('A short session after your intervals.');
  });

  it('does not invent a clock time when the run’s time is unknown: an all-day entry that says "after your run"', async () => {
    const entry = await entryFromSession(row({ timing: 'after-run' }), opts);
    expect(entry.timing).toEqual({ kind: 'allDay', date: '2026-12-02' });
    expect(entry.busy).toBe(false);
    expect(entry.title).toBe('Strength A (after your run)');
    expect(entry.descriptionText.split('\n')[0]).toBe('Strength · 25 min · after your run');
  });
});
