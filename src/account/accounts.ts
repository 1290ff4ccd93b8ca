/**
 * Accounts: who may create one, sign-up, sign-in (throttled), sign-out and sign-out everywhere.
 * The first account of a fresh install is the owner's; afterwards sign-up needs an invitation
 * unless `SIGNUP=open`. Used by the JSON API, the pages and "Sign in with Strava".
 */
import { z } from 'zod';
import { AppError, forbidden, unauthorized } from '../core/errors';
import { audit } from '../db/repositories/audit';
import { createAuthSession, endAllAuthSessions, endAuthSession } from '../db/repositories/auth';
import { recordOwnerIfFirst } from '../db/repositories/owner';
import { createUser, getUser, type User } from '../db/repositories/users';
import type { AppDeps } from '../deps';
import { claimInvitation, liveInvitation } from './invitations';
import { decoyHash, hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from './passwords';
import { countUsers, credentialByEmail, credentialOf, putCredential } from './store';
import { clearAccountFailures, isThrottled, recordFailure } from './throttle';

export const EmailSchema = z.string().trim().toLowerCase().max(254).email('must be an email address');
export const PasswordSchema = z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX);

export const SignUpSchema = z
  .object({ email: EmailSchema, password: PasswordSchema, displayName: z.string().trim().min(1).max(80).optional(), invite: z.string().trim().min(1).max(100).optional() })
  .strict();
export const SignInSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(PASSWORD_MAX) }).strict();

export type SignUpInput = z.output<typeof SignUpSchema>;
export type SignInInput = z.output<typeof SignInSchema>;

/** Why a new account may be created now; throws 403 when it may not. */
export async function mayCreateAccount(deps: AppDeps, input: { invite?: string | undefined } = {}): Promise<'owner' | 'open' | 'invited'> {
  if ((await countUsers(deps.db)) === 0) return 'owner';
  if (input.invite) {
    await liveInvitation(deps, input.invite);
    return 'invited';
  }
  if (deps.config.SIGNUP === 'open') return 'open';
  throw forbidden('sign-up on this server needs an invitation');
}

/** Create the account the policy allowed; the first one becomes the owner. */
export async function createAccount(deps: AppDeps, input: { displayName?: string | null | undefined; how: string }): Promise<User> {
  const user = await createUser(deps.db, { displayName: input.displayName ?? null });
  await recordOwnerIfFirst(deps.db, user.id, deps.clock.now());
  await audit(deps.db, { userId: user.id, actor: `user:${user.id}`, action: 'account.create', detail: { how: input.how } });
  return user;
}

export async function signUp(deps: AppDeps, input: SignUpInput): Promise<{ user: User; sessionToken: string }> {
  const how = await mayCreateAccount(deps, { invite: input.invite });
  if (await credentialByEmail(deps.db, input.email)) throw new AppError('CONFLICT', 'an account with this email exists; sign in instead');
  const passwordHash = await hashPassword(input.password);
  const user = await createAccount(deps, { displayName: input.displayName ?? input.email.split('@')[0], how });
  await putCredential(deps.db, user.id, input.email, passwordHash);
  if (input.invite) await claimInvitation(deps, input.invite, user.id);
  const sessionToken = await createAuthSession(deps.db, user.id, deps.clock.now());
  return { user, sessionToken };
}

/**
 * Verify email and password. Throttled per account and per address (429) before the password is
 * checked; an unknown email costs the same hash time. A previous session token is ended
 * (rotation: a session planted before sign-in does not survive it).
 */
export async function signIn(deps: AppDeps, input: SignInInput, ctx: { address: string; previousToken?: string | undefined }): Promise<{ user: User; sessionToken: string }> {
  const now = deps.clock.now();
  if (await isThrottled(deps.db, input.email, ctx.address, now)) throw new AppError('RATE_LIMITED', 'too many failed sign-ins; wait 15 minutes');
  const credential = await credentialByEmail(deps.db, input.email);
  const ok = await verifyPassword(input.password, credential?.passwordHash ?? (await decoyHash()));
  const user = ok && credential ? await getUser(deps.db, credential.userId) : undefined;
  if (!user) {
    await recordFailure(deps.db, input.email, ctx.address, now);
    await audit(deps.db, { userId: credential?.userId ?? null, actor: `ip:${ctx.address}`, action: 'signin.failed' });
    throw unauthorized('wrong email or password');
  }
  await clearAccountFailures(deps.db, input.email);
  if (ctx.previousToken) await endAuthSession(deps.db, ctx.previousToken);
  const sessionToken = await createAuthSession(deps.db, user.id, now);
  await audit(deps.db, { userId: user.id, actor: `user:${user.id}`, action: 'signin', detail: { method: 'password' } });
  return { user, sessionToken };
}

export async function signOut(deps: AppDeps, token: string | undefined): Promise<void> {
  if (token) await endAuthSession(deps.db, token);
}

export async function signOutEverywhere(deps: AppDeps, userId: string): Promise<number> {
  const ended = await endAllAuthSessions(deps.db, userId);
  await audit(deps.db, { userId, actor: `user:${userId}`, action: 'signout.everywhere', detail: { sessions: ended } });
  return ended;
}

/** A Strava-only account adds an email and password (or a person changes theirs). */
export async function setPassword(deps: AppDeps, userId: string, input: { email: string; password: string }): Promise<void> {
  const taken = await credentialByEmail(deps.db, input.email);
  if (taken && taken.userId !== userId) throw new AppError('CONFLICT', 'another account uses this email');
  await putCredential(deps.db, userId, input.email, await hashPassword(input.password));
  await audit(deps.db, { userId, actor: `user:${userId}`, action: 'password.set' });
}

export async function emailOf(deps: Pick<AppDeps, 'db'>, userId: string): Promise<string | undefined> {
  return (await credentialOf(deps.db, userId))?.email;
}
