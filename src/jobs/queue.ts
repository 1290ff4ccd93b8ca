/**
 * @module jobs/queue
 * Durable jobs in the `jobs` table. Enqueue is idempotent on `idempotencyKey`; claim is a single
 * conditional UPDATE … RETURNING, so two workers (or two processes) never hold the same job.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobsTable } from '../db/schema';

export type JobRow = typeof jobsTable.$inferSelect;

/** Priorities: lower runs first. Fresh webhook work beats reconciliation beats backfill. */
export const PRIORITY = {
  webhook: 10,
  calendar: 20,
  replan: 30,
  reconcile: 60,
  backfill: 80,
  maintenance: 90,
} as const;

export interface EnqueueInput {
  kind: string;
  payload: unknown;
  idempotencyKey: string;
  priority?: number;
  runAtMs?: number;
  maxAttempts?: number;
}

/**
 * Insert a job unless one with the same key exists. Returns the new row, or undefined when the
 * key was already taken (the earlier job stands).
 */
export async function enqueueJob(db: Db, nowMs: number, defaults: { maxAttempts: number }, input: EnqueueInput): Promise<JobRow | undefined> {
  const rows = await db
    .insert(jobsTable)
    .values({
      kind: input.kind,
      payload: input.payload,
      idempotencyKey: input.idempotencyKey,
      priority: input.priority ?? 50,
      runAtMs: input.runAtMs ?? nowMs,
      maxAttempts: input.maxAttempts ?? defaults.maxAttempts,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    })
    .onConflictDoNothing({ target: jobsTable.idempotencyKey })
    .returning();
  return rows[0];
}

/**
 * Debounced enqueue: if a queued job with this key exists, push its run time to `runAtMs`
 * (collapsing a burst into one run); if it already ran, re-arm it; otherwise insert it.
 * A job that is running right now is left alone and a follow-up job is keyed `<key>#<runAt>`.
 */
export async function enqueueOrPostpone(db: Db, nowMs: number, defaults: { maxAttempts: number }, input: EnqueueInput & { runAtMs: number }): Promise<void> {
  const inserted = await enqueueJob(db, nowMs, defaults, input);
  if (inserted) return;
  const rearmed = await db
    .update(jobsTable)
    .set({
      status: 'queued',
      runAtMs: input.runAtMs,
      payload: input.payload,
      attempts: sql`case when ${jobsTable.status} = 'queued' then ${jobsTable.attempts} else 0 end`,
      lastError: null,
      leaseOwner: null,
      leaseExpiresAtMs: null,
      updatedAtMs: nowMs,
    })
    .where(and(eq(jobsTable.idempotencyKey, input.idempotencyKey), sql`${jobsTable.status} <> 'running'`))
    .returning({ id: jobsTable.id });
  if (rearmed.length > 0) return;
  await enqueueJob(db, nowMs, defaults, { ...input, idempotencyKey: `${input.idempotencyKey}#${input.runAtMs}` });
}

/** Claim the next due job (or one whose lease expired) for `owner`, atomically. */
export async function claimNextJob(db: Db, owner: string, nowMs: number, leaseMs: number, kinds?: readonly string[]): Promise<JobRow | undefined> {
  const kindFilter = kinds && kinds.length > 0
    ? sql` and kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})`
    : sql``;
  const rows = await db
    .update(jobsTable)
    .set({
      status: 'running',
      leaseOwner: owner,
      leaseExpiresAtMs: nowMs + leaseMs,
      attempts: sql`${jobsTable.attempts} + 1`,
      updatedAtMs: nowMs,
    })
    .where(
      eq(
        jobsTable.id,
        sql`(select id from jobs where ((status = 'queued' and run_at_ms <= ${nowMs}) or (status = 'running' and lease_expires_at_ms < ${nowMs}))${kindFilter} order by priority, run_at_ms, id limit 1)`,
      ),
    )
    .returning();
  return rows[0];
}

/** Mark done, only if we still hold the lease (a worker that lost its lease must not overwrite). */
export async function completeJob(db: Db, job: JobRow, nowMs: number): Promise<boolean> {
  const rows = await db
    .update(jobsTable)
    .set({ status: 'done', completedAtMs: nowMs, updatedAtMs: nowMs, leaseOwner: null, leaseExpiresAtMs: null, lastError: null })
    .where(and(eq(jobsTable.id, job.id), eq(jobsTable.leaseOwner, job.leaseOwner ?? ''), eq(jobsTable.status, 'running')))
    .returning({ id: jobsTable.id });
  return rows.length > 0;
}

/** Exponential backoff with full jitter: base 2 s doubling, capped at 30 min. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const cap = 30 * 60_000;
  const exp = Math.min(cap, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Record a failure: requeue with backoff (or at `retryAtMs`), or dead-letter when out of attempts. */
export async function failJob(
  db: Db,
  job: JobRow,
  nowMs: number,
  error: string,
  opts: { permanent?: boolean; retryAtMs?: number; random?: () => number } = {},
): Promise<'retry' | 'dead'> {
  const dead = opts.permanent === true || job.attempts >= job.maxAttempts;
  const runAt = opts.retryAtMs ?? nowMs + backoffMs(job.attempts, opts.random);
  await db
    .update(jobsTable)
    .set({
      status: dead ? 'dead' : 'queued',
      runAtMs: dead ? job.runAtMs : runAt,
      lastError: error.slice(0, 2_000),
      leaseOwner: null,
      leaseExpiresAtMs: null,
      updatedAtMs: nowMs,
    })
    .where(and(eq(jobsTable.id, job.id), eq(jobsTable.leaseOwner, job.leaseOwner ?? '')));
  return dead ? 'dead' : 'retry';
}

/**
 * Put a job back without counting the attempt (e.g. the rate-limit governor said "not before T").
 */
export async function deferJob(db: Db, job: JobRow, nowMs: number, runAtMs: number, reason: string): Promise<void> {
  await db
    .update(jobsTable)
    .set({
      status: 'queued',
      runAtMs,
      attempts: sql`max(0, ${jobsTable.attempts} - 1)`,
      lastError: reason,
      leaseOwner: null,
      leaseExpiresAtMs: null,
      updatedAtMs: nowMs,
    })
    .where(and(eq(jobsTable.id, job.id), eq(jobsTable.leaseOwner, job.leaseOwner ?? '')));
}

/** Extend the lease of a long-running job. */
export async function renewLease(db: Db, job: JobRow, nowMs: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(jobsTable)
    .set({ leaseExpiresAtMs: nowMs + leaseMs, updatedAtMs: nowMs })
    .where(and(eq(jobsTable.id, job.id), eq(jobsTable.leaseOwner, job.leaseOwner ?? ''), eq(jobsTable.status, 'running')))
    .returning({ id: jobsTable.id });
  return rows.length > 0;
}

export interface QueueStats {
  queued: number;
  running: number;
  done: number;
  dead: number;
  oldestQueuedAgeMs: number | null;
}

export async function queueStats(db: Db, nowMs: number): Promise<QueueStats> {
  const rows = await db
    .select({ status: jobsTable.status, n: sql<number>`count(*)`, oldest: sql<number | null>`min(${jobsTable.runAtMs})` })
    .from(jobsTable)
    .groupBy(jobsTable.status);
  const stats: QueueStats = { queued: 0, running: 0, done: 0, dead: 0, oldestQueuedAgeMs: null };
  for (const r of rows) {
    stats[r.status] = Number(r.n);
    if (r.status === 'queued' && r.oldest !== null) stats.oldestQueuedAgeMs = Math.max(0, nowMs - Number(r.oldest));
  }
  return stats;
}

export async function deadJobs(db: Db, limit = 20): Promise<Array<Pick<JobRow, 'id' | 'kind' | 'attempts' | 'lastError' | 'updatedAtMs'>>> {
  return db
    .select({ id: jobsTable.id, kind: jobsTable.kind, attempts: jobsTable.attempts, lastError: jobsTable.lastError, updatedAtMs: jobsTable.updatedAtMs })
    .from(jobsTable)
    .where(eq(jobsTable.status, 'dead'))
    .orderBy(sql`${jobsTable.updatedAtMs} desc`)
    .limit(limit);
}

/** Delete finished jobs older than the horizon (they are kept a while for debugging). */
export async function purgeFinishedJobs(db: Db, olderThanMs: number): Promise<void> {
  await db.delete(jobsTable).where(and(eq(jobsTable.status, 'done'), lt(jobsTable.completedAtMs, olderThanMs)));
}
