/**
 * Provider connections. Tokens go in and out of this module as plaintext and are sealed with
 * AES-GCM on the way to the database: no other module touches the sealed columns.
 */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Secrets } from '../../core/crypto';
import { JobDeferred, PermanentJobError } from '../../core/errors';
import type { Clock } from '../../core/ports/clock';
import type { Db } from '../client';
import { connectionsTable } from '../schema';
import type { Provider } from '../../core/vocabulary';

export type ConnectionRow = typeof connectionsTable.$inferSelect;
export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
}

export async function upsertConnection(
  db: Db,
  secrets: Secrets,
  input: { userId: string; provider: Provider; externalId: string; scopes: string; tokens: ConnectionTokens; nowMs: number },
): Promise<ConnectionRow> {
  const sealed = {
    accessTokenSealed: await secrets.encrypt(input.tokens.accessToken),
    refreshTokenSealed: await secrets.encrypt(input.tokens.refreshToken),
    expiresAtMs: input.tokens.expiresAtMs,
  };
  const [row] = await db
    .insert(connectionsTable)
    .values({ id: crypto.randomUUID(), userId: input.userId, provider: input.provider, externalId: input.externalId, scopes: input.scopes, status: 'active', ...sealed, updatedAtMs: input.nowMs })
    .onConflictDoUpdate({
      target: [connectionsTable.provider, connectionsTable.externalId],
      set: { userId: input.userId, scopes: input.scopes, status: 'active', lastError: null, ...sealed, updatedAtMs: input.nowMs },
    })
    .returning();
  if (!row) throw new Error('connection upsert returned nothing');
  return row;
}

/**
 * Persist refreshed tokens. Written before the new access token is used (rotation-safe). The
 * status stays as it is (a connection waiting for re-consent stays so); an active connection's
 * last error is cleared, and any refresh lease on the row is released.
 */
export async function saveTokens(db: Db, secrets: Secrets, connectionId: string, tokens: ConnectionTokens, nowMs: number): Promise<void> {
  await db
    .update(connectionsTable)
    .set({
      accessTokenSealed: await secrets.encrypt(tokens.accessToken),
      refreshTokenSealed: await secrets.encrypt(tokens.refreshToken),
      expiresAtMs: tokens.expiresAtMs,
      lastError: sql`case when ${connectionsTable.status} = 'active' then null else ${connectionsTable.lastError} end`,
      refreshLeaseUntilMs: null,
      updatedAtMs: nowMs,
    })
    .where(eq(connectionsTable.id, connectionId));
}

export async function readTokens(secrets: Secrets, row: ConnectionRow): Promise<ConnectionTokens | undefined> {
  if (!row.accessTokenSealed || !row.refreshTokenSealed) return undefined;
  return {
    accessToken: await secrets.decrypt(row.accessTokenSealed),
    refreshToken: await secrets.decrypt(row.refreshTokenSealed),
    expiresAtMs: row.expiresAtMs ?? 0,
  };
}

export async function findConnection(db: Db, provider: Provider, externalId: string): Promise<ConnectionRow | undefined> {
  const rows = await db
    .select()
    .from(connectionsTable)
    .where(and(eq(connectionsTable.provider, provider), eq(connectionsTable.externalId, externalId)))
    .limit(1);
  return rows[0];
}

export async function connectionsOfUser(db: Db, userId: string): Promise<ConnectionRow[]> {
  return db.select().from(connectionsTable).where(eq(connectionsTable.userId, userId));
}

export async function markConnection(db: Db, connectionId: string, status: ConnectionRow['status'], lastError: string | null, nowMs: number): Promise<void> {
  await db.update(connectionsTable).set({ status, lastError, updatedAtMs: nowMs }).where(eq(connectionsTable.id, connectionId));
}

/** Forget the tokens (revocation, deauthorization); the row stays as a tombstone. */
export async function dropTokens(db: Db, connectionId: string, nowMs: number): Promise<void> {
  await db
    .update(connectionsTable)
    .set({ accessTokenSealed: null, refreshTokenSealed: null, expiresAtMs: null, status: 'revoked', updatedAtMs: nowMs })
    .where(eq(connectionsTable.id, connectionId));
}

export interface LeasedRefresh {
  /** what the connection is, for errors ("Strava connection of athlete 123") */
  label: string;
  /** statuses the connection may have for the refresh to go ahead */
  statuses: ReadonlyArray<ConnectionRow['status']>;
  /** another worker's new token is taken when it has more than this left */
  marginMs: number;
  /** how long a lease holds: a refresher that died releases it by running out */
  leaseMs?: number;
  /**
   * How long a caller that finds the lease taken waits (real time) for the refresher's new token
   * before throwing JobDeferred; 0 (the default) defers at once.
   */
  waitMs?: number;
  /** the provider's refresh call; its error is rethrown after the lease is released */
  refresh(refreshToken: string): Promise<ConnectionTokens>;
}

const DEFAULT_LEASE_MS = 30_000;
const WAIT_STEP_MS = 25;

/**
 * Refresh a connection's tokens by one worker at a time (across processes): the refresher claims
 * a lease on the row with a conditional UPDATE, only while nobody holds one and the tokens are
 * still those it read; the new pair is saved (which releases the lease) before the access token is
 * used, because the provider may have rotated the refresh token. A caller that finds the lease
 * taken re-reads the row: the refresher's new token, once saved, is its answer.
 */
export async function refreshUnderLease(
  deps: { db: Db; secrets: Secrets; clock: Clock },
  connection: ConnectionRow,
  tokens: ConnectionTokens,
  opts: LeasedRefresh,
): Promise<ConnectionTokens> {
  const { db } = deps;
  const now = deps.clock.now();
  const claimed = await db
    .update(connectionsTable)
    .set({ refreshLeaseUntilMs: now + (opts.leaseMs ?? DEFAULT_LEASE_MS) })
    .where(
      and(
        eq(connectionsTable.id, connection.id),
        inArray(connectionsTable.status, [...opts.statuses]),
        or(isNull(connectionsTable.refreshLeaseUntilMs), lt(connectionsTable.refreshLeaseUntilMs, now)),
        sql`coalesce(${connectionsTable.expiresAtMs}, 0) = ${connection.expiresAtMs ?? 0}`,
      ),
    )
    .returning({ id: connectionsTable.id });
  if (claimed.length === 0) return tokensOfOtherRefresher(deps, connection, opts);

  try {
    const fresh = await opts.refresh(tokens.refreshToken);
    await saveTokens(db, deps.secrets, connection.id, fresh, deps.clock.now());
    return fresh;
  } catch (error) {
    await db.update(connectionsTable).set({ refreshLeaseUntilMs: null }).where(eq(connectionsTable.id, connection.id));
    throw error;
  }
}

/** The lease was taken: the token another worker saved, waiting up to `waitMs` for it; else JobDeferred. */
async function tokensOfOtherRefresher(deps: { db: Db; secrets: Secrets; clock: Clock }, connection: ConnectionRow, opts: LeasedRefresh): Promise<ConnectionTokens> {
  const deadline = Date.now() + (opts.waitMs ?? 0);
  while (true) {
    const row = await findConnection(deps.db, connection.provider, connection.externalId);
    if (!row) throw new PermanentJobError(`${opts.label} is gone`);
    if (!opts.statuses.includes(row.status)) throw new PermanentJobError(`${opts.label} is ${row.status}`);
    const current = await readTokens(deps.secrets, row);
    if (current && (row.expiresAtMs ?? 0) !== (connection.expiresAtMs ?? 0) && current.expiresAtMs - deps.clock.now() > opts.marginMs) return current;
    // the refresher's answer lands in this row, in this process or another: look again shortly
    if (Date.now() >= deadline) throw new JobDeferred(deps.clock.now() + 2_000, `another worker is refreshing this ${opts.label}'s token`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}
