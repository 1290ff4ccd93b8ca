/** Writes planned sessions the way the replan does (stable ids, revision +1 on a content change). */
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { sha256Hex } from '../../src/core/crypto';
import { plannedSessionsTable } from '../../src/db/schema';
import type { AppDeps } from '../../src/deps';

export interface SessionSpec {
  id: string;
  /** local wall clock in `timeZone` */
  startLocal: string;
  title?: string;
  timeZone?: string;
  reps?: number;
}

export function sessionContent(s: SessionSpec) {
  const start = DateTime.fromISO(s.startLocal, { zone: s.timeZone ?? 'Europe/Berlin' });
  return {
    id: s.id,
    date: start.toFormat('yyyy-MM-dd'),
    start: start.toISO({ suppressMilliseconds: true }) ?? '',
    durationMin: 30,
    title: s.title ?? 'Strength: lower body',
    kind: 'strength',
    exercises: [
      { name: 'Split squat', sets: 3, reps: s.reps ?? 8, restSec: 90 },
      { name: 'Side plank', sets: 2, seconds: 30, restSec: 45 },
    ],
    rules: ['R1'],
    reasons: ['Two days after your long run, before Thursday’s intervals.'],
  };
}

/** Upsert sessions; a changed content bumps the revision, an unchanged one only touches updatedAt. */
export async function writeSessions(deps: AppDeps, userId: string, specs: SessionSpec[]): Promise<number> {
  let changed = 0;
  for (const spec of specs) {
    const content = sessionContent(spec);
    const contentHash = await sha256Hex(JSON.stringify(content));
    const [prior] = await deps.db.select().from(plannedSessionsTable).where(and(eq(plannedSessionsTable.userId, userId), eq(plannedSessionsTable.id, spec.id)));
    const now = deps.clock.now();
    if (!prior) {
      await deps.db.insert(plannedSessionsTable).values({ userId, id: spec.id, date: content.date, start: content.start, content, contentHash, revision: 1, status: 'planned', updatedAtMs: now });
      changed++;
    } else if (prior.contentHash !== contentHash || prior.status !== 'planned') {
      await deps.db
        .update(plannedSessionsTable)
        .set({ date: content.date, start: content.start, content, contentHash, revision: prior.revision + 1, status: 'planned', updatedAtMs: now })
        .where(and(eq(plannedSessionsTable.userId, userId), eq(plannedSessionsTable.id, spec.id)));
      changed++;
    }
  }
  return changed;
}

export async function cancelSession(deps: AppDeps, userId: string, id: string): Promise<void> {
  const [prior] = await deps.db.select().from(plannedSessionsTable).where(and(eq(plannedSessionsTable.userId, userId), eq(plannedSessionsTable.id, id)));
  if (!prior) throw new Error(`no session ${id}`);
  await deps.db
    .update(plannedSessionsTable)
    .set({ status: 'cancelled', revision: prior.revision + 1, updatedAtMs: deps.clock.now() })
    .where(and(eq(plannedSessionsTable.userId, userId), eq(plannedSessionsTable.id, id)));
}

/** A week of sessions starting on the given Monday. */
export function weekPlan(monday = '2026-11-23'): SessionSpec[] {
  const d = DateTime.fromISO(monday);
  return [
    { id: 'w48-a', startLocal: `${d.toFormat('yyyy-MM-dd')}T18:00` },
    { id: 'w48-b', startLocal: `${d.plus({ days: 3 }).toFormat('yyyy-MM-dd')}T07:00`, title: 'Strength: upper body' },
    { id: 'w49-a', startLocal: `${d.plus({ days: 7 }).toFormat('yyyy-MM-dd')}T18:00` },
    { id: 'w49-b', startLocal: `${d.plus({ days: 10 }).toFormat('yyyy-MM-dd')}T07:00`, title: 'Strength: upper body' },
  ];
}
