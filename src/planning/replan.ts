/**
 * Replan one athlete: read everything the planner needs from the database, run the pure planner,
 * write the classified days and the planned sessions back, and ask for a calendar sync when any
 * session changed. Session ids come from the planner and never contain the date, so a moved
 * session is an update (revision + 1), not a delete and a create.
 */
import { z } from 'zod';
import { type AthleteProfile, type PlannedRun, type PlannedSession, type PlanResult, planStrength } from '../../rules';
import { sha256Hex } from '../core/crypto';
import { activitiesBetween } from '../db/repositories/activities';
import { activityInputOf } from './activity-input';
import {
  deleteDaysOutside,
  insertSession,
  plannedRunsOf,
  racesOf,
  sessionsOf,
  strengthLogOf,
  updateSession,
  upsertDays,
} from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import { addDays, localDate, localDateTimeMinute } from '../core/dates';
import type { Settings } from '../core/settings';
import type { AppDeps } from '../deps';
import { requestCalendarSync } from './request';

/** How much history the planner sees (load needs ~6 weeks; the spike guard and patterns more). */
export const HISTORY_DAYS = 120;
const HORIZON_DAYS = 14;

function toAthleteProfile(s: Settings): AthleteProfile {
  return {
    timeZone: s.timeZone,
    ...(s.sex ? { sex: s.sex } : {}),
    ...(s.hrMaxBpm ? { hrMaxBpm: s.hrMaxBpm } : {}),
    ...(s.hrRestBpm ? { hrRestBpm: s.hrRestBpm } : {}),
    ...(s.lthrBpm ? { lthrBpm: s.lthrBpm } : {}),
    ...(s.thresholdPaceSPerKm ? { thresholdPaceSPerKm: s.thresholdPaceSPerKm } : {}),
    experience: s.experience,
    equipment: s.equipment,
    ...(s.injury ? { injury: s.injury } : {}),
    ...(s.preferredStrengthTime ? { preferredStrengthTime: s.preferredStrengthTime } : {}),
    ...(s.strengthGapAfterRunH !== null ? { strengthGapAfterRunH: s.strengthGapAfterRunH } : {}),
    ...(s.sessionsPerWeek ? { sessionsPerWeek: s.sessionsPerWeek } : {}),
    ...(s.maxSessionMin ? { maxSessionMinutes: s.maxSessionMin } : {}),
    ...(s.weeklyTemplate ? { weeklyTemplate: s.weeklyTemplate } : {}),
    crossTrainingCounts: s.crossTrainingCounts,
  };
}

const PlannedRunSchema = z.object({
  date: z.string(),
  title: z.string(),
  description: z.string().optional(),
  startLocal: z.string().optional(),
  durationMin: z.number().positive().optional(),
});

export interface ReplanOutcome {
  today: string;
  days: number;
  created: number;
  updated: number;
  cancelled: number;
  result: PlanResult;
}

export async function replanAthlete(deps: AppDeps, userId: string): Promise<ReplanOutcome | undefined> {
  const { db, clock } = deps;
  const settings = await readSettings(db, userId);
  if (!settings) return undefined;
  const now = clock.now();
  const today = localDate(settings.timeZone, now);
  // the local wall clock, so no session is planned today at a time that has already passed
  const nowLocal = localDateTimeMinute(settings.timeZone, now);
  const from = addDays(today, -HISTORY_DAYS);

  const [activityRows, raceRows, logRows, previousRows, plannedRuns] = await Promise.all([
    activitiesBetween(db, userId, from, addDays(today, 1)),
    racesOf(db, userId, addDays(today, -60)),
    strengthLogOf(db, userId),
    sessionsOf(db, userId, { from: addDays(today, -7), status: 'planned' }),
    plannedRunsOf(db, userId),
  ]);
  const previousSessions = previousRows.map((r) => r.content as unknown as PlannedSession);

  const result = planStrength({
    today,
    nowLocal,
    athleteId: userId,
    athlete: toAthleteProfile(settings),
    activities: activityRows.map(activityInputOf),
    races: raceRows.map((r) => ({ id: r.id, date: r.date, distanceM: r.distanceM, terrain: r.terrain, priority: r.priority, ...(r.name ? { name: r.name } : {}) })),
    plannedRuns: plannedRuns.flatMap((r) => {
      const parsed = PlannedRunSchema.safeParse(r);
      return parsed.success ? [parsed.data as PlannedRun] : [];
    }),
    strengthLog: logRows.map((l) => ({ sessionId: l.sessionId, date: l.date, status: l.status })),
    previousSessions,
    horizonDays: HORIZON_DAYS,
  });

  await upsertDays(
    db,
    result.days.map((d) => ({
      userId,
      date: d.date,
      dayClass: d.class,
      source: d.source,
      load: d.load,
      evidence: d.evidence,
      activities: d.activities as unknown as Array<Record<string, unknown>>,
      confidence: d.confidence ?? null,
      updatedAtMs: now,
    })),
  );

  // The whole window is replaced: a day the planner no longer returns (its activities purged or
  // deleted, or no activities at all) must not keep an old class and activity list.
  await deleteDaysOutside(db, userId, { from, to: addDays(today, HORIZON_DAYS + 1) }, result.days.map((d) => d.date));

  const reported = new Set(logRows.map((l) => l.sessionId));
  const counts = await writeSessions(deps, userId, today, result.sessions, reported, now);
  if (counts.created + counts.updated + counts.cancelled > 0) await requestCalendarSync(deps, userId);
  return { today, days: result.days.length, ...counts, result };
}

/**
 * Diff the planner's sessions against the stored ones; write only what changed. A session the
 * runner reported done or skipped is history: a replan neither rewrites nor cancels it.
 */
async function writeSessions(deps: AppDeps, userId: string, today: string, sessions: PlannedSession[], reported: ReadonlySet<string>, now: number) {
  const { db } = deps;
  const stored = new Map((await sessionsOf(db, userId)).map((r) => [r.id, r]));
  let created = 0;
  let updated = 0;
  let cancelled = 0;
  const keep = new Set<string>();
  for (const session of sessions) {
    keep.add(session.id);
    if (reported.has(session.id)) continue;
    const contentHash = await sha256Hex(JSON.stringify(session));
    const content = session as unknown as Record<string, unknown>;
    const prior = stored.get(session.id);
    if (!prior) {
      await insertSession(db, { userId, id: session.id, date: session.date, start: session.start, content, contentHash, revision: 1, status: 'planned', updatedAtMs: now });
      created++;
    } else if (prior.contentHash !== contentHash || prior.status !== 'planned') {
      await updateSession(db, userId, session.id, { date: session.date, start: session.start, content, contentHash, revision: prior.revision + 1, status: 'planned', updatedAtMs: now });
      updated++;
    }
  }
  // A future session the planner no longer wants is cancelled (calendars delete it); the past stays.
  for (const prior of stored.values()) {
    if (prior.status === 'planned' && !keep.has(prior.id) && !reported.has(prior.id) && prior.date >= today) {
      await updateSession(db, userId, prior.id, { status: 'cancelled', revision: prior.revision + 1, updatedAtMs: now });
      cancelled++;
    }
  }
  return { created, updated, cancelled };
}
