/** Ending a coaching grant from either side: the runner revokes, the coach leaves. */
import { notFound } from '../core/errors';
import { audit } from '../db/repositories/audit';
import { canViewAthlete, revokeCoach } from '../db/repositories/users';
import type { AppDeps } from '../deps';

export async function revokeCoachAccess(deps: AppDeps, athleteId: string, coachId: string): Promise<void> {
  if (coachId === athleteId || !(await canViewAthlete(deps.db, coachId, athleteId))) throw notFound('coach');
  await revokeCoach(deps.db, athleteId, coachId, deps.clock.now());
  await audit(deps.db, { userId: athleteId, actor: `user:${athleteId}`, action: 'coach.revoke', detail: { coachId } });
}

export async function leaveAthlete(deps: AppDeps, coachId: string, athleteId: string): Promise<void> {
  if (coachId === athleteId || !(await canViewAthlete(deps.db, coachId, athleteId))) throw notFound('athlete');
  await revokeCoach(deps.db, athleteId, coachId, deps.clock.now());
  await audit(deps.db, { userId: athleteId, actor: `user:${coachId}`, action: 'coach.leave', detail: { coachId } });
}
