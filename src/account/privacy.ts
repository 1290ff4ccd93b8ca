/**
 * "Everything about me" as JSON, and deleting an account with everything it holds. Secrets
 * (sealed tokens, password and token hashes) never leave the database; the runner's own
 * activities do (they are the runner's data).
 */
import { eq, or } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { audit } from '../db/repositories/audit';
import { connectionsOfUser } from '../db/repositories/connections';
import {
  activitiesTable,
  apiTokensTable,
  athleteSettingsTable,
  auditLogTable,
  calendarTargetsTable,
  coachGrantsTable,
  daysTable,
  invitationsTable,
  oauthStatesTable,
  planSourcesTable,
  plannedSessionsTable,
  racesTable,
  signInFailuresTable,
  strengthLogTable,
  usersTable,
} from '../db/schema';
import type { AppDeps } from '../deps';
import { disconnectStrava } from '../strava/disconnect';
import { type CalendarNotCleaned, removeRemoteEvents } from '../calendar/cleanup';
import { deleteJobsMentioning } from '../queue/queue';
import { forgetOwner } from '../db/repositories/owner';
import { accountKey } from './throttle';
import { credentialOf } from './store';

const SECRET_COLUMN = /sealed|hash|password|secret|token$/i;

const OWN_TABLES: Array<[string, SQLiteTable, SQLiteColumn]> = [
  ['settings', athleteSettingsTable, athleteSettingsTable.userId],
  ['activities', activitiesTable, activitiesTable.userId],
  ['days', daysTable, daysTable.userId],
  ['races', racesTable, racesTable.userId],
  ['plannedSessions', plannedSessionsTable, plannedSessionsTable.userId],
  ['strengthLog', strengthLogTable, strengthLogTable.userId],
  ['calendars', calendarTargetsTable, calendarTargetsTable.userId],
  ['planSources', planSourcesTable, planSourcesTable.userId],
  ['apiTokens', apiTokensTable, apiTokensTable.userId],
  ['invitations', invitationsTable, invitationsTable.inviterId],
  ['audit', auditLogTable, auditLogTable.userId],
];

function withoutSecrets(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !SECRET_COLUMN.test(key)));
}

export async function exportAccount(deps: AppDeps, userId: string): Promise<Record<string, unknown>> {
  const { db } = deps;
  const [user] = await db.select().from(usersTable).where(eq(usersTable.id, userId));
  const credential = await credentialOf(db, userId);
  const out: Record<string, unknown> = {
    exportedAt: new Date(deps.clock.now()).toISOString(),
    account: { ...user, email: credential?.email ?? null },
    connections: (await connectionsOfUser(db, userId)).map((r) => withoutSecrets(r as unknown as Record<string, unknown>)),
    coachGrants: await db.select().from(coachGrantsTable).where(or(eq(coachGrantsTable.athleteId, userId), eq(coachGrantsTable.coachId, userId))),
  };
  for (const [name, table, column] of OWN_TABLES) {
    const rows = (await db.select().from(table).where(eq(column, userId))) as Array<Record<string, unknown>>;
    out[name] = rows.map(withoutSecrets);
  }
  await audit(db, { userId, actor: `user:${userId}`, action: 'account.export' });
  return out;
}

/**
 * Delete the account: Strava is deauthorized first (its purge must succeed, or nothing is
 * deleted), the events pushed to the runner's calendars are removed (best effort), then the user row (every table referencing it cascades) and the rows that name the
 * person without a foreign key (audit entries, OAuth states, throttle rows, queued jobs).
 * The audit keeps one anonymous line that an account was deleted.
 */
export async function deleteAccount(deps: AppDeps, userId: string, opts: { calendarTimeoutMs?: number } = {}): Promise<{ calendarsNotCleaned: CalendarNotCleaned[] }> {
  const { db } = deps;
  const connections = await connectionsOfUser(db, userId);
  if (connections.some((c) => c.provider === 'strava' && c.status !== 'revoked')) await disconnectStrava(deps, userId);
  // Events pushed to Google/CalDAV go first, best effort within a deadline (a dead calendar is
  // reported, not waited for); the targets and their credentials go with the account below.
  const calendarsNotCleaned = await removeRemoteEvents(deps, userId, opts.calendarTimeoutMs !== undefined ? { timeoutMs: opts.calendarTimeoutMs } : {});
  const credential = await credentialOf(db, userId);
  await db.delete(usersTable).where(eq(usersTable.id, userId));
  await db.delete(auditLogTable).where(eq(auditLogTable.userId, userId));
  await db.delete(oauthStatesTable).where(eq(oauthStatesTable.userId, userId));
  if (credential) await db.delete(signInFailuresTable).where(eq(signInFailuresTable.key, accountKey(credential.email)));
  await deleteJobsMentioning(db, userId);
  for (const c of connections) await deleteJobsMentioning(db, c.externalId);
  await forgetOwner(db, userId);
  await audit(db, { userId: null, actor: 'account', action: 'account.deleted', ...(calendarsNotCleaned.length > 0 ? { detail: { calendarsNotCleaned: calendarsNotCleaned.length } } : {}) });
  return { calendarsNotCleaned };
}
