/**
 * @module queue/queue
 * Durable jobs in the `jobs` table. Enqueue is idempotent on `idempotencyKey`; claim is a single
 * conditional UPDATE … RETURNING, so two workers (or two processes) never hold the same job.
 */
import { type AnyColumn, and, eq, inArray, like, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobsTable } from '../db/schema';
import type { EnqueueInput } from '../core/jobs';

export type JobRow = typeof jobsTable.$inferSelect;

/*
 * The queue's hot statements are prepared once per database: building and preparing a query
 * costs far more than running it (measured in bench/job-runner.ts).
 */
function prepareStatements(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  return {
    enqueue: db
      .insert(jobsTable)
      .values({ kind: p('kind'), payload: p('payload'), idempotencyKey: p('key'), priority: p('priority'), runAtMs: p('runAt'), maxAttempts: p('maxAttempts'), createdAtMs: p('now'), updatedAtMs: p('now') })
      .onConflictDoNothing({ target: jobsTable.idempotencyKey })
      .returning()
      .prepare(),
    complete: db
      .update(jobsTable)
      .set({ status: 'done', completedAtMs: sql`${p('now')}`, updatedAtMs: sql`${p('now')}`, leaseOwner: null, leaseExpiresAtMs: null, lastError: null })
      .where(and(eq(jobsTable.id, p('id')), eq(jobsTable.leaseOwner, p('owner')), eq(jobsTable.status, 'running')))
      .returning({ id: jobsTable.id })
      .prepare(),
    claims: new Map<string, ReturnType<typeof prepareClaim>>(),
  };
}

function prepareClaim(db: Db, kinds: readonly string[]) {
  const p = (name: string) => sql.placeholder(name);
  const kindFilter = kinds.length > 0 ? sql` and kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})` : sql``;
  return db
    .update(jobsTable)
    .set({ status: 'running', leaseOwner: sql`${p('owner')}`, leaseExpiresAtMs: sql`${p('leaseUntil')}`, attempts: sql`${jobsTable.attempts} + 1`, updatedAtMs: sql`${p('now')}` })
    .where(
      eq(
        jobsTable.id,
        // Two index-backed lookups instead of one OR (which SQLite would answer with a table
        // scan): a job whose lease expired (its worker died) first, else the next due job.
        sql`coalesce(
          (select id from jobs where status = 'running' and lease_expires_at_ms < ${p('now')}${kindFilter} order by lease_expires_at_ms limit 1),
          (select id from jobs as q where status = 'queued' and run_at_ms <= ${p('now')}${kindFilter}
             and not exists (select 1 from jobs as r where r.status = 'running' and r.lease_expires_at_ms >= ${p('now')}
               and ${family(sql`r`)} = ${family(sql`q`)})
             order by priority, run_at_ms, id limit 1))`,
      ),
    )
    .returning()
    .prepare();
}

/** A job's family: its idempotency key without a `#…` follow-up suffix. */
function family(alias: ReturnType<typeof sql>) {
  return sql`substr(${alias}.idempotency_key, 1, instr(${alias}.idempotency_key || '#', '#') - 1)`;
}

const preparedByDb = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function statements(db: Db) {
  let s = preparedByDb.get(db);
  if (!s) {
    s = prepareStatements(db);
    preparedByDb.set(db, s);
  }
  return s;
}

function claimStatement(db: Db, kinds: readonly string[]) {
  const s = statements(db);
  const key = kinds.join('\u0000');
  let stmt = s.claims.get(key);
  if (!stmt) {
    stmt = prepareClaim(db, kinds);
    s.claims.set(key, stmt);
  }
  return stmt;
}

/**
 * Insert a job unless one with the same key exists. Returns the new row, or undefined when the
 * key was already taken (the earlier job stands).
 */
export async function enqueueJob(db: Db, nowMs: number, defaults: { maxAttempts: number }, input: EnqueueInput): Promise<JobRow | undefined> {
  const rows = await statements(db).enqueue.all({
    kind: input.kind,
    payload: input.payload,
    key: input.idempotencyKey,
    priority: input.priority ?? 50,
    runAt: input.runAtMs ?? nowMs,
    maxAttempts: input.maxAttempts ?? defaults.maxAttempts,
    now: nowMs,
  });
  return rows[0];
}

/**
 * Debounced enqueue for a job family (`key` and its follow-up `key#next`): at most one member is
 * ever waiting. A waiting member is pushed out to `runAtMs` (collapsing a burst into one run);
 * with nothing waiting, the base key is inserted or re-armed, or the follow-up when the base is
 * running right now. The claim never starts a member while another member of its family runs.
 */
export async function enqueueOrPostpone(db: Db, nowMs: number, defaults: { maxAttempts: number }, input: EnqueueInput & { runAtMs: number }): Promise<void> {
  const base = input.idempotencyKey;
  const next = `${base}#next`;
  // Two callers can interleave (no transactions): the one that loses an insert or re-arm race
  // goes round again and finds the winner's job waiting, which it then postpones.
  for (let round = 0; round < 3; round++) {
    if (await postponeIfQueued(db, nowMs, input, next)) return;
    if (await postponeIfQueued(db, nowMs, input, base)) return;
    const baseRunning = (await db.select({ id: jobsTable.id }).from(jobsTable).where(and(eq(jobsTable.idempotencyKey, base), eq(jobsTable.status, 'running'))).limit(1)).length > 0;
    if (await insertOrRearm(db, nowMs, defaults, input, baseRunning ? next : base)) return;
  }
  // Both members are running (rare): one more, keyed by time, keeps the request.
  await enqueueJob(db, nowMs, defaults, { ...input, idempotencyKey: `${base}#${input.runAtMs}` });
}

async function postponeIfQueued(db: Db, nowMs: number, input: EnqueueInput & { runAtMs: number }, key: string): Promise<boolean> {
  const rows = await db
    .update(jobsTable)
    .set({ runAtMs: input.runAtMs, payload: input.payload, updatedAtMs: nowMs })
    .where(and(eq(jobsTable.idempotencyKey, key), eq(jobsTable.status, 'queued')))
    .returning({ id: jobsTable.id });
  return rows.length > 0;
}

async function insertOrRearm(db: Db, nowMs: number, defaults: { maxAttempts: number }, input: EnqueueInput & { runAtMs: number }, key: string): Promise<boolean> {
  if (await enqueueJob(db, nowMs, defaults, { ...input, idempotencyKey: key })) return true;
  const rearmed = await db
    .update(jobsTable)
    .set({ status: 'queued', runAtMs: input.runAtMs, payload: input.payload, attempts: 0, lastError: null, retryState: null, leaseOwner: null, leaseExpiresAtMs: null, updatedAtMs: nowMs })
    .where(and(eq(jobsTable.idempotencyKey, key), sql`${jobsTable.status} in ('done', 'dead')`))
    .returning({ id: jobsTable.id });
  return rearmed.length > 0;
}

/** Claim the next due job (or one whose lease expired) for `owner`, atomically. */
export async function claimNextJob(db: Db, owner: string, nowMs: number, leaseMs: number, kinds?: readonly string[]): Promise<JobRow | undefined> {
  const rows = await claimStatement(db, kinds ?? []).all({ owner, now: nowMs, leaseUntil: nowMs + leaseMs });
  return rows[0];
}

/** Mark done, only if we still hold the lease (a worker that lost its lease must not overwrite). */
export async function completeJob(db: Db, job: JobRow, nowMs: number): Promise<boolean> {
  const rows = await statements(db).complete.all({ id: job.id, owner: job.leaseOwner ?? '', now: nowMs });
  return rows.length > 0;
}

/**
 * Exponential backoff with full jitter (AWS's "Exponential Backoff and Jitter"): a uniformly
 * random wait between 0 and the exponential step, which starts at 2 s, doubles per attempt and
 * is capped at 30 min. Full rather than equal jitter spreads the retries of jobs that failed
 * together (a provider outage) over the whole window. At least 1 ms, so a retry is never due
 * in the instant it was scheduled.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const cap = 30 * 60_000;
  const step = Math.min(cap, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.ceil(random() * step));
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

/** Persist the handler's retry counters (kept across attempts and deferrals), if we hold the lease. */
export async function saveRetryState(db: Db, job: JobRow, state: Record<string, number>, nowMs: number): Promise<void> {
  await db
    .update(jobsTable)
    .set({ retryState: state, updatedAtMs: nowMs })
    .where(and(eq(jobsTable.id, job.id), eq(jobsTable.leaseOwner, job.leaseOwner ?? ''), eq(jobsTable.status, 'running')));
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

/**
 * The run times of those of `ids` that are queued again (a retry's backoff, a deferral's "not
 * before"). The Workers consumer sends a delayed wake-up for each, so nothing waits for the cron.
 */
export async function queuedRunTimes(db: Db, ids: readonly number[]): Promise<Array<{ id: number; runAtMs: number }>> {
  if (ids.length === 0) return [];
  return db
    .select({ id: jobsTable.id, runAtMs: jobsTable.runAtMs })
    .from(jobsTable)
    .where(and(inArray(jobsTable.id, [...ids]), eq(jobsTable.status, 'queued')));
}

/** Delete finished jobs older than the horizon (they are kept a while for debugging). */
export async function purgeFinishedJobs(db: Db, olderThanMs: number): Promise<void> {
  await db.delete(jobsTable).where(and(eq(jobsTable.status, 'done'), lt(jobsTable.completedAtMs, olderThanMs)));
}

/**
 * Which jobs a cancellation or a check names: one idempotency key and its `#n` follow-ups, or the
 * jobs of a kind family whose payload field has a value.
 */
export type JobMatch = { key: string } | { kindPrefix: string; payloadField: string; equals: string | AnyColumn };

function jobsMatching(match: JobMatch): SQL {
  if ('key' in match) return or(eq(jobsTable.idempotencyKey, match.key), like(jobsTable.idempotencyKey, `${match.key}#%`)) ?? sql`false`;
  return and(like(jobsTable.kind, `${match.kindPrefix}%`), sql`json_extract(${jobsTable.payload}, ${`$.${match.payloadField}`}) = ${match.equals}`) ?? sql`false`;
}

/** Whether a queued job matches (a subquery for use inside another statement). */
export const queuedJobExists = (match: JobMatch): SQL => sql`exists (select 1 from ${jobsTable} where ${jobsTable.status} = 'queued' and ${jobsMatching(match)})`;

/**
 * Cancel queued and running jobs that match. A running job loses its lease: its worker's
 * completion, failure or deferral no longer matches the row, so nothing re-queues it.
 */
export async function cancelJobs(db: Db, nowMs: number, match: JobMatch, reason: string): Promise<number> {
  const rows = await db
    .update(jobsTable)
    .set({ status: 'done', completedAtMs: nowMs, updatedAtMs: nowMs, lastError: `cancelled: ${reason}`, leaseOwner: null, leaseExpiresAtMs: null })
    .where(and(inArray(jobsTable.status, ['queued', 'running']), jobsMatching(match)))
    .returning({ id: jobsTable.id });
  return rows.length;
}

/**
 * Forget finished (done, dead) jobs that match: a purge removes the payloads that name the purged
 * data too. Call after `cancelJobs`.
 */
export async function forgetJobs(db: Db, match: JobMatch): Promise<number> {
  const rows = await db
    .delete(jobsTable)
    .where(and(inArray(jobsTable.status, ['done', 'dead']), jobsMatching(match)))
    .returning({ id: jobsTable.id });
  return rows.length;
}

/**
 * One statement that queues a job per id, payload `{ [payloadField]: id }` and key `keyPrefix + id`,
 * for a caller that commits it in one batch with its own rows (webhook group commit). The ids come
 * in as one JSON array read with json_each, so the SQL text is the same for any batch size.
 */
export function enqueueOnePerIdStatement(input: { kind: string; keyPrefix: string; payloadField: string; ids: number[]; priority: number; nowMs: number; maxAttempts: number }): SQL {
  const { kind, keyPrefix, payloadField, ids, priority, nowMs, maxAttempts } = input;
  return sql`insert into ${jobsTable} (kind, payload, idempotency_key, priority, status, run_at_ms, attempts, max_attempts, created_at_ms, updated_at_ms)
    select ${kind}, json_object(${payloadField}, value), ${keyPrefix} || value, ${priority}, 'queued', ${nowMs}, 0, ${maxAttempts}, ${nowMs}, ${nowMs}
    from json_each(${JSON.stringify(ids)}) where true
    on conflict (idempotency_key) do nothing`;
}

/**
 * Delete every job row (any status) whose payload or key mentions `value` as a whole token (not
 * inside a longer id or number): account deletion leaves no job naming the person.
 */
export async function deleteJobsMentioning(db: Db, value: string): Promise<number> {
  const pattern = `%${value.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
  const candidates = await db
    .select({ id: jobsTable.id, payload: jobsTable.payload, key: jobsTable.idempotencyKey })
    .from(jobsTable)
    .where(or(sql`${jobsTable.payload} like ${pattern} escape '\\'`, sql`${jobsTable.idempotencyKey} like ${pattern} escape '\\'`));
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const token = new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`);
  const ids = candidates.filter((j) => token.test(JSON.stringify(j.payload)) || token.test(j.key ?? '')).map((j) => j.id);
  if (ids.length === 0) return 0;
  await db.delete(jobsTable).where(inArray(jobsTable.id, ids));
  return ids.length;
}
