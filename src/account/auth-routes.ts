/**
 * The account JSON API: sign-up, sign-in, sign-out (here and everywhere), session status,
 * password, invitations, accept, export and account deletion.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { CALENDARS_NOT_CLEANED_HEADER, formatCalendarsNotCleaned } from '../calendar/cleanup';
import { isOwner } from '../db/repositories/owner';
import { INVITE_KINDS } from '../db/schema';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/middleware/auth';
import { readJson } from '../http/validate';
import { emailOf, PasswordSchema, EmailSchema, SignInSchema, SignUpSchema, setPassword, signIn, signOut, signOutEverywhere, signUp } from './accounts';
import { clearSessionCookie, clientAddress, sessionToken, setSessionCookie } from './http';
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from './invitations';
import { deleteAccount, exportAccount } from './privacy';
import { leaveAthlete } from './coaching';

const InviteInput = z.object({ kind: z.enum(INVITE_KINDS) }).strict();
const PasswordInput = z.object({ email: EmailSchema, password: PasswordSchema }).strict();

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/auth/signup', async (c) => {
    const input = await readJson(c, SignUpSchema);
    const { user, sessionToken: token } = await signUp(c.var.deps, input);
    setSessionCookie(c, token);
    return c.json({ id: user.id, displayName: user.displayName }, 201);
  });

  app.post('/api/auth/login', async (c) => {
    const input = await readJson(c, SignInSchema);
    const { user, sessionToken: token } = await signIn(c.var.deps, input, { address: clientAddress(c), previousToken: sessionToken(c) });
    setSessionCookie(c, token);
    return c.json({ id: user.id, displayName: user.displayName });
  });

  app.post('/api/auth/logout', async (c) => {
    requireUser(c);
    await signOut(c.var.deps, sessionToken(c));
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.post('/api/auth/logout-everywhere', async (c) => {
    const user = requireUser(c);
    await signOutEverywhere(c.var.deps, user.id);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.get('/api/auth/session', async (c) => {
    const user = c.get('user');
    if (!user) return c.json({ signedIn: false });
    return c.json({ signedIn: true, user: { id: user.id, displayName: user.displayName, email: (await emailOf(c.var.deps, user.id)) ?? null, owner: await isOwner(c.var.deps.db, user.id) } });
  });

  app.put('/api/me/password', async (c) => {
    const user = requireUser(c);
    await setPassword(c.var.deps, user.id, await readJson(c, PasswordInput));
    return c.body(null, 204);
  });

  app.get('/api/me/invites', async (c) => c.json({ invites: await listInvitations(c.var.deps, requireUser(c).id) }));

  app.post('/api/me/invites', async (c) => {
    const user = requireUser(c);
    const { kind } = await readJson(c, InviteInput);
    return c.json(await createInvitation(c.var.deps, user.id, kind), 201);
  });

  app.delete('/api/me/invites/:id', async (c) => {
    await revokeInvitation(c.var.deps, requireUser(c).id, c.req.param('id'));
    return c.body(null, 204);
  });

  app.post('/api/invites/:code/accept', async (c) => {
    const user = requireUser(c);
    return c.json(await acceptInvitation(c.var.deps, c.req.param('code'), user.id), 201);
  });

  /** A coach stops coaching an athlete. */
  app.delete('/api/coach/athletes/:athleteId', async (c) => {
    await leaveAthlete(c.var.deps, requireUser(c).id, c.req.param('athleteId'));
    return c.body(null, 204);
  });

  app.get('/api/me/export', async (c) => {
    const user = requireUser(c);
    const body = await exportAccount(c.var.deps, user.id);
    c.header('content-disposition', 'attachment; filename="hardday-export.json"');
    return c.json(body);
  });

  app.delete('/api/me', async (c) => {
    const user = requireUser(c);
    const { calendarsNotCleaned } = await deleteAccount(c.var.deps, user.id);
    clearSessionCookie(c);
    // calendars that did not answer keep our events: the page tells the runner to clean them by hand
    if (calendarsNotCleaned.length > 0) c.header(CALENDARS_NOT_CLEANED_HEADER, formatCalendarsNotCleaned(calendarsNotCleaned));
    return c.body(null, 204);
  });

  return app;
}
