/** The runner reports a planned session as done (with an optional effort 1–10) or skipped. */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound } from '../core/errors';
import { logStrength, sessionsOf, strengthLogOf } from '../db/repositories/planning';
import { sessionEffortsTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { requestReplan } from '../planning/request';

export const SessionLogSchema = z
  .object({ status: z.enum(['done', 'skipped']), effort: z.number().int().min(1).max(10).optional() })
  .strict();
export type SessionLogInput = z.output<typeof SessionLogSchema>;

export async function logSession(deps: AppDeps, userId: string, sessionId: string, input: SessionLogInput): Promise<{ sessionId: string; date: string; status: 'done' | 'skipped'; effort?: number }> {
  const session = (await sessionsOf(deps.db, userId)).find((s) => s.id === sessionId);
  if (!session) throw notFound('session');
  await logStrength(deps.db, userId, { sessionId, date: session.date, status: input.status });
  const where = and(eq(sessionEffortsTable.userId, userId), eq(sessionEffortsTable.sessionId, sessionId));
  await deps.db.delete(sessionEffortsTable).where(where);
  if (input.status === 'done' && input.effort !== undefined) {
    await deps.db.insert(sessionEffortsTable).values({ userId, sessionId, effort: input.effort, atMs: deps.clock.now() });
  }
  await requestReplan(deps, userId);
  return { sessionId, date: session.date, status: input.status, ...(input.status === 'done' && input.effort !== undefined ? { effort: input.effort } : {}) };
}

/** What the runner reported per session id. */
export async function sessionReports(deps: AppDeps, userId: string): Promise<Map<string, { status: 'done' | 'skipped'; effort: number | null }>> {
  const [log, efforts] = await Promise.all([strengthLogOf(deps.db, userId), deps.db.select().from(sessionEffortsTable).where(eq(sessionEffortsTable.userId, userId))]);
  const effortOf = new Map(efforts.map((e) => [e.sessionId, e.effort]));
  return new Map(log.map((l) => [l.sessionId, { status: l.status, effort: effortOf.get(l.sessionId) ?? null }]));
}
