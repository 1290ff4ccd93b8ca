/**
 * @module files/plan-output
 * What `hardday plan` prints and writes: a plain-text table of days and sessions, the JSON
 * shape of the contract, and the sessions as calendar entries for the ICS renderer.
 */
import type { Day, Exercise, PlannedSession } from '../../rules';
import type { renderCalendar } from '../../integrations/ics/render';

/** A calendar entry as the ICS renderer takes it (the calendar-sink port's PlannedEntry). */
export type CalendarEntry = Parameters<typeof renderCalendar>[0][number];

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function exerciseText(e: Exercise): string {
  const dose = e.reps !== undefined ? `${e.sets}×${e.reps}` : e.seconds !== undefined ? `${e.sets}×${e.seconds}s` : `${e.sets} sets`;
  return `${e.name} ${dose}${e.load ? ` (${e.load})` : ''}, rest ${e.restSec}s`;
}

/** The local wall clock `HH:MM` of an ISO start with offset. */
const clock = (start: string): string => start.slice(11, 16);

/** The days table: date, class, source, load, evidence. */
export function daysTable(days: readonly Day[]): string {
  const lines = [`${pad('date', 11)}${pad('class', 6)}${pad('source', 9)}${pad('load', 7)}evidence`];
  for (const d of days) {
    lines.push(`${pad(d.date, 11)}${pad(d.class, 6)}${pad(d.source, 9)}${pad(String(Math.round(d.load)), 7)}${d.evidence.join('; ')}`);
  }
  return lines.join('\n');
}

/** The sessions: a header line per session, then exercises and reasons indented. */
export function sessionsText(sessions: readonly PlannedSession[]): string {
  if (sessions.length === 0) return 'no strength sessions planned';
  const blocks = sessions.map((s) => {
    const lines = [`${s.date} ${clock(s.start)}  ${s.title} (${s.kind}, ${s.durationMin} min) [${s.rules.join(', ')}]`];
    for (const e of s.exercises) lines.push(`    - ${exerciseText(e)}`);
    for (const r of s.reasons) lines.push(`    why: ${r}`);
    return lines.join('\n');
  });
  return blocks.join('\n');
}

export function planText(plan: { days: readonly Day[]; sessions: readonly PlannedSession[]; notes?: readonly string[]; disclaimer?: string }): string {
  const parts = ['Days', daysTable(plan.days), '', 'Strength sessions', sessionsText(plan.sessions)];
  if (plan.notes && plan.notes.length > 0) parts.push('', 'Notes', ...plan.notes.map((n) => `  ${n}`));
  if (plan.disclaimer) parts.push('', plan.disclaimer);
  return `${parts.join('\n')}\n`;
}

/** The contract's JSON: `{ "days": [Day], "sessions": [PlannedSession] }`. */
export function planJson(plan: { days: readonly Day[]; sessions: readonly PlannedSession[] }): string {
  return `${JSON.stringify({ days: plan.days, sessions: plan.sessions }, null, 2)}\n`;
}

function plusMinutes(localIso: string, minutes: number): string {
  const ms = Date.parse(`${localIso.slice(0, 19)}Z`) + minutes * 60_000;
  return new Date(ms).toISOString().slice(0, 19);
}

export function sessionDescription(s: PlannedSession): string {
  return [...s.exercises.map(exerciseText), '', ...s.reasons.map((r) => `Why: ${r}`)].join('\n');
}

/** One timed calendar entry per session, in the runner's zone. */
export function sessionEntries(sessions: readonly PlannedSession[], timeZone: string): CalendarEntry[] {
  return sessions.map((s) => {
    const startLocal = s.start.slice(0, 19);
    return {
      key: s.id,
      revision: 1,
      kind: 'strength',
      title: s.title,
      descriptionText: sessionDescription(s),
      timing: { kind: 'timed', startLocal, endLocal: plusMinutes(startLocal, s.durationMin), timeZone },
      busy: true,
      contentHash: s.id,
    };
  });
}
