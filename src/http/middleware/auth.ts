import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { userForApiToken, userForSession } from '../../db/repositories/auth';
import { canViewAthlete, type User } from '../../db/repositories/users';
import { forbidden, unauthorized } from '../../core/errors';
import { type AppEnv, SESSION_COOKIE } from '../env';

/** Resolve who is asking (session cookie or `Authorization: Bearer`); never rejects by itself. */
export function identify(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, clock } = c.var.deps;
    let user: User | undefined;
    const authz = c.req.header('authorization');
    if (authz?.toLowerCase().startsWith('bearer ')) {
      user = await userForApiToken(db, authz.slice(7).trim(), clock.now());
      // Refused only where sign-in is needed (requireUser): /healthz, webhooks and the feed
      // answer the same with or without a stale token.
      if (!user) c.set('invalidApiToken', true);
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) user = await userForSession(db, token, clock.now());
    }
    c.set('user', user);
    await next();
  };
}

export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) throw unauthorized(c.get('invalidApiToken') ? 'invalid API token' : undefined);
  return user;
}

/** The athlete themself, or a coach the athlete granted; 403 otherwise. */
export async function requireAthleteAccess(c: Context<AppEnv>, athleteId: string): Promise<User> {
  const user = requireUser(c);
  if (!(await canViewAthlete(c.var.deps.db, user.id, athleteId))) {
    throw forbidden('no access to this athlete');
  }
  return user;
}
