/**
 * Invitations both ways. `coach`: a runner invites someone to coach them; accepting grants the
 * accepting account access to the runner. `athlete`: a coach invites a runner; the runner signs up
 * through the link and accepting grants the coach access. Codes are single use, live 7 days,
 * revocable; only their SHA-256 is stored.
 */
import { randomToken, sha256Hex } from '../core/crypto';
import { AppError, badRequest, notFound } from '../core/errors';
import { audit } from '../db/repositories/audit';
import { grantCoach } from '../db/repositories/users';
import type { AppDeps } from '../deps';
import type { INVITE_KINDS } from '../db/schema';
import { type InvitationRow, insertInvitation, invitationByCodeHash, invitationsOf, revokeInvitationOf, updateInvitation } from './store';

export type InviteKind = (typeof INVITE_KINDS)[number];
export const INVITE_TTL_MS = 7 * 24 * 3600_000;

export interface InvitationView {
  id: string;
  kind: InviteKind;
  status: 'pending' | 'used' | 'expired' | 'revoked';
  createdAtMs: number;
  expiresAt: string;
}

export const inviteUrl = (deps: Pick<AppDeps, 'config'>, code: string) => `${deps.config.PUBLIC_URL}/invite/${code}`;

function statusOf(row: InvitationRow, nowMs: number): InvitationView['status'] {
  if (row.revokedAtMs !== null) return 'revoked';
  if (row.usedAtMs !== null) return 'used';
  if (row.expiresAtMs <= nowMs) return 'expired';
  return 'pending';
}

export async function createInvitation(deps: AppDeps, inviterId: string, kind: InviteKind): Promise<{ id: string; code: string; url: string; expiresAt: string }> {
  const now = deps.clock.now();
  const code = randomToken(24);
  const id = crypto.randomUUID();
  await insertInvitation(deps.db, { id, codeHash: await sha256Hex(code), kind, inviterId, createdAtMs: now, expiresAtMs: now + INVITE_TTL_MS });
  await audit(deps.db, { userId: inviterId, actor: `user:${inviterId}`, action: 'invite.create', detail: { id, kind } });
  return { id, code, url: inviteUrl(deps, code), expiresAt: new Date(now + INVITE_TTL_MS).toISOString() };
}

export async function listInvitations(deps: AppDeps, inviterId: string): Promise<InvitationView[]> {
  const now = deps.clock.now();
  return (await invitationsOf(deps.db, inviterId)).map((r) => ({ id: r.id, kind: r.kind, status: statusOf(r, now), createdAtMs: r.createdAtMs, expiresAt: new Date(r.expiresAtMs).toISOString() }));
}

export async function revokeInvitation(deps: AppDeps, inviterId: string, id: string): Promise<void> {
  if (!(await revokeInvitationOf(deps.db, inviterId, id, deps.clock.now()))) throw notFound('invitation');
  await audit(deps.db, { userId: inviterId, actor: `user:${inviterId}`, action: 'invite.revoke', detail: { id } });
}

/**
 * A live invitation for `code`, or 410. `claimedBy`: the account that signed up through it
 * may still accept it; nobody else may.
 */
export async function liveInvitation(deps: AppDeps, code: string, forUserId?: string): Promise<InvitationRow> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(code)) throw new AppError('GONE', 'this invitation is not valid');
  const row = await invitationByCodeHash(deps.db, await sha256Hex(code));
  if (!row || statusOf(row, deps.clock.now()) !== 'pending') throw new AppError('GONE', 'this invitation was used, revoked or has expired');
  if (row.usedBy && row.usedBy !== forUserId) throw new AppError('GONE', 'this invitation was used, revoked or has expired');
  return row;
}

/** Sign-up through an invitation reserves it for the new account (accepting still grants). */
export async function claimInvitation(deps: AppDeps, code: string, userId: string): Promise<void> {
  const row = await liveInvitation(deps, code);
  await updateInvitation(deps.db, row.id, { usedBy: userId });
}

export async function acceptInvitation(deps: AppDeps, code: string, userId: string): Promise<{ athleteId: string } | { coachId: string }> {
  const row = await liveInvitation(deps, code, userId);
  if (row.inviterId === userId) throw badRequest('you cannot accept your own invitation');
  const now = deps.clock.now();
  await updateInvitation(deps.db, row.id, { usedAtMs: now, usedBy: userId });
  const grant = row.kind === 'coach' ? { athleteId: row.inviterId, coachId: userId } : { athleteId: userId, coachId: row.inviterId };
  await grantCoach(deps.db, grant.athleteId, grant.coachId);
  await audit(deps.db, { userId: grant.athleteId, actor: `user:${userId}`, action: 'coach.grant', detail: { coachId: grant.coachId, invitation: row.id } });
  return row.kind === 'coach' ? { athleteId: row.inviterId } : { coachId: row.inviterId };
}
