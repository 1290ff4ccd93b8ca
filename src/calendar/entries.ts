/**
 * @module services/calendar-entries
 * Planned sessions (database rows) → PlannedEntry, the one shape every calendar sink takes.
 * The entry's content hash covers everything a calendar shows, so a replan that changes nothing
 * yields the same hash and no write.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { sha256Hex } from '../core/crypto';
import type { PlannedSessionRow } from '../db/repositories/planning';
import { addDays, localDate } from '../core/dates';
import type { PlannedEntry } from '../core/ports/calendar-sink';

/** Days kept behind today (past sessions stay visible for a week) and planned ahead. */
const SYNC_DAYS_BACK = 7;
export const SYNC_DAYS_AHEAD = 60;
const REMINDER_MINUTES = 60;

const SessionContent = z.looseObject({
  id: z.string(),
  date: z.string(),
  start: z.string().optional(),
  durationMin: z.number().positive().optional(),
  title: z.string().optional(),
  kind: z.string().optional(),
  exercises: z
    .array(z.looseObject({ name: z.string(), sets: z.number().optional(), reps: z.number().optional(), seconds: z.number().optional(), restSec: z.number().optional(), load: z.string().optional() }))
    .default([]),
  reasons: z.array(z.string()).default([]),
  summary: z.string().optional(),
  timing: z.enum(['clock', 'after-run']).optional(),
});
type SessionContent = z.infer<typeof SessionContent>;

/** The local-date window a sync covers for a runner in `timeZone` at `nowMs`. */
export function syncWindow(timeZone: string, nowMs: number): { today: string; from: string; to: string } {
  const today = localDate(timeZone, nowMs);
  return { today, from: addDays(today, -SYNC_DAYS_BACK), to: addDays(today, SYNC_DAYS_AHEAD) };
}

function exerciseLine(e: SessionContent['exercises'][number]): string {
  const amount = e.reps !== undefined ? `${e.reps}` : e.seconds !== undefined ? `${e.seconds} s` : '';
  const volume = e.sets !== undefined && amount ? `${e.sets} × ${amount}` : amount || (e.sets !== undefined ? `${e.sets} sets` : '');
  const parts = [volume, e.restSec ? `rest ${e.restSec} s` : '', e.load ?? ''].filter(Boolean);
  return `• ${e.name}${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}

const KIND_LABEL: Record<string, string> = { strength: 'Strength', mobility: 'Mobility', circuit: 'Circuit' };

/** Plain-text description: exercises with sets × reps, the reasons, and the link to the plan. */
function describeSession(content: SessionContent, durationMin: number, link: string): string {
  const when = content.timing === 'after-run' ? ' · after your run' : '';
  const lines = [`${KIND_LABEL[content.kind ?? ''] ?? 'Strength'} · ${durationMin} min${when}`];
  if (content.summary) lines.push('', content.summary);
  if (content.exercises.length) lines.push('', 'Exercises', ...content.exercises.map(exerciseLine));
  if (content.reasons.length) lines.push('', 'Why', ...content.reasons.map((r) => `• ${r}`));
  lines.push('', `Plan: ${link}`);
  return lines.join('\n');
}

const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

/** The entry for one planned session, in the runner's zone. */
export async function entryFromSession(row: PlannedSessionRow, opts: { timeZone: string; publicUrl: string }): Promise<PlannedEntry> {
  const parsed = SessionContent.safeParse(row.content);
  const content: SessionContent = parsed.success ? parsed.data : { id: row.id, date: row.date, exercises: [], reasons: [] };
  const durationMin = Math.round(content.durationMin ?? 30);
  const link = `${opts.publicUrl}/plan#${encodeURIComponent(row.id)}`;
  const start = DateTime.fromISO(row.start, { setZone: true });
  // When the run's time is unknown the session has no honest clock time: an all-day entry that
  // says "after your run" rather than an invented slot.
  const afterRun = content.timing === 'after-run';
  const timing: PlannedEntry['timing'] = start.isValid && !afterRun
    ? {
        kind: 'timed',
        startLocal: start.setZone(opts.timeZone).toFormat(LOCAL_FORMAT),
        endLocal: start.plus({ minutes: durationMin }).setZone(opts.timeZone).toFormat(LOCAL_FORMAT),
        timeZone: opts.timeZone,
      }
    : { kind: 'allDay', date: row.date };
  const shown = {
    key: row.id,
    kind: 'strength' as const,
    title: afterRun ? `${content.title ?? 'Strength session'} (after your run)` : (content.title ?? 'Strength session'),
    descriptionText: `${describeSession(content, durationMin, link)}\nWatch workout (FIT): ${opts.publicUrl}/api/me/plan/${encodeURIComponent(row.id)}.fit`,
    timing,
    busy: !afterRun,
    reminderMinutes: [REMINDER_MINUTES],
    deepLink: link,
  };
  return { ...shown, revision: row.revision, contentHash: await sha256Hex(JSON.stringify(shown)), lastModifiedMs: row.updatedAtMs };
}
