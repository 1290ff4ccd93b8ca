/** Sign-in, sign-up, sign-out and invitation pages (server forms, no JavaScript needed). */
import { Hono } from 'hono';
import type { z } from 'zod';
import { AppError } from '../core/errors';
import type { AppEnv } from '../http/env';
import { SignInSchema, SignUpSchema, signIn, signOut, signOutEverywhere, signUp } from '../account/accounts';
import { clearSessionCookie, clientAddress, sessionToken, setSessionCookie } from '../account/http';
import { acceptInvitation, liveInvitation } from '../account/invitations';
import { countUsers } from '../account/store';
import { getUser } from '../db/repositories/users';
import { setFlash } from './flash';
import { LoginForm, SignupForm } from './forms';
import { errorPage, pageMiddleware, render, signedIn, signupOpen } from './render';
import { readFormFields } from '../http/validate';

/** Only same-site paths: never an open redirect. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback;
}

const formBody = readFormFields;

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'form'}: ${issue.message}` : 'invalid form';
}

export function authPages(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ['/login', '/signup', '/logout', '/logout-everywhere', '/invite/:code', '/invite/:code/accept']) app.use(path, pageMiddleware);

  app.get('/login', async (c) => render(c, { title: 'Sign in' }, <LoginForm next={c.req.query('next')} signup={await signupOpen(c)} />));

  app.post('/login', async (c) => {
    const body = await formBody(c);
    const parsed = SignInSchema.safeParse({ email: body['email'] ?? '', password: body['password'] ?? '' });
    if (!parsed.success) return render(c, { title: 'Sign in' }, <LoginForm next={body['next']} email={body['email']} error={firstIssue(parsed.error)} signup={await signupOpen(c)} />, 422);
    try {
      const { sessionToken: token } = await signIn(c.var.deps, parsed.data, { address: clientAddress(c), previousToken: sessionToken(c) });
      setSessionCookie(c, token);
      return c.redirect(safeNext(body['next'], '/'), 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return render(c, { title: 'Sign in' }, <LoginForm next={body['next']} email={body['email']} error={error.message} signup={await signupOpen(c)} />, error.status === 429 ? 429 : 401);
    }
  });

  app.get('/signup', async (c) => {
    const first = (await countUsers(c.var.deps.db)) === 0;
    const invite = c.req.query('invite') || undefined;
    if (!first && c.var.deps.config.SIGNUP !== 'open') {
      // invitation only: without a live invitation the form could only fail, so say so up front
      let live = false;
      if (invite) {
        try {
          await liveInvitation(c.var.deps, invite);
          live = true;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
        }
      }
      if (!live) {
        return render(
          c,
          { title: 'Create your account' },
          <div class="notice" id="signup-invite-only">
            <p>{invite ? 'This invitation link has been used, revoked or has expired.' : 'New accounts on this server need an invitation.'} Ask someone who uses it (your coach or athlete, or whoever runs the server) to send you an invitation link, then open that link.</p>
            <p>
              Already have an account? <a href="/login">Sign in</a>
            </p>
          </div>,
          403,
        );
      }
    }
    return render(c, { title: 'Create your account' }, <SignupForm invite={invite} first={first} />);
  });

  app.post('/signup', async (c) => {
    const body = await formBody(c);
    const first = (await countUsers(c.var.deps.db)) === 0;
    const invite = body['invite'] || undefined;
    const parsed = SignUpSchema.safeParse({ email: body['email'] ?? '', password: body['password'] ?? '', ...(body['displayName'] ? { displayName: body['displayName'] } : {}), ...(invite ? { invite } : {}) });
    const again = (error: string, status: 403 | 410 | 422) => render(c, { title: 'Create your account' }, <SignupForm invite={invite} email={body['email']} error={error} first={first} />, status);
    if (!parsed.success) return again(firstIssue(parsed.error), 422);
    try {
      const { sessionToken: token } = await signUp(c.var.deps, parsed.data);
      setSessionCookie(c, token);
      if (!invite) return c.redirect('/start', 303);
      // accepting is its own step: it shares training data, so the new account says yes to it
      await setFlash(c, { ok: true, message: 'Account created. One more step: accept the invitation below.' });
      return c.redirect(`/invite/${encodeURIComponent(invite)}#flash`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return again(error.message, error.status === 403 ? 403 : error.status === 410 ? 410 : 422);
    }
  });

  app.post('/logout', async (c) => {
    await signOut(c.var.deps, sessionToken(c));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  app.post('/logout-everywhere', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    await signOutEverywhere(c.var.deps, user.id);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  app.get('/invite/:code', async (c) => {
    const code = c.req.param('code');
    const user = c.get('user');
    let invitation: Awaited<ReturnType<typeof liveInvitation>>;
    try {
      invitation = await liveInvitation(c.var.deps, code, user?.id);
    } catch (error) {
      return errorPage(c, error, 'Invitation');
    }
    const inviter = await getUser(c.var.deps.db, invitation.inviterId);
    const who = inviter?.displayName ?? 'Someone';
    const what = invitation.kind === 'coach' ? `${who} invites you to coach them: you will see their training load, day classes and strength plan.` : `${who} invites you to be coached: they will see your training load, day classes and strength plan (never your activities' names, descriptions or maps).`;
    const encoded = encodeURIComponent(code);
    return render(
      c,
      { title: 'Invitation' },
      <>
        <p>{what}</p>
        <p>The invitation is single use and expires on {new Date(invitation.expiresAtMs).toISOString().slice(0, 10)}.</p>
        {user ? (
          invitation.inviterId === user.id ? (
            <p class="notice">This is your own invitation: send the link to the other person.</p>
          ) : (
            <form method="post" action={`/invite/${encoded}/accept`}>
              <button type="submit" id="accept-invite">
                {invitation.kind === 'coach' ? 'Accept and start coaching' : 'Accept: let them coach me'}
              </button>
            </form>
          )
        ) : (
          <div class="row-actions">
            <a class="btn" href={`/signup?invite=${encoded}`} id="invite-signup">
              Create an account
            </a>
            <a class="btn secondary" href={`/login?next=${encodeURIComponent(`/invite/${code}`)}`}>
              I have an account
            </a>
          </div>
        )}
      </>,
    );
  });

  app.post('/invite/:code/accept', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    try {
      const result = await acceptInvitation(c.var.deps, c.req.param('code'), user.id);
      const other = await getUser(c.var.deps.db, 'athleteId' in result ? result.athleteId : result.coachId);
      const name = other?.displayName ?? ('athleteId' in result ? 'your athlete' : 'your coach');
      await setFlash(c, {
        ok: true,
        message: 'athleteId' in result ? `You now coach ${name}: their load, day classes and plan are below.` : `${name} now coaches you. You can stop it at any time under Settings, Coaches.`,
      });
      return c.redirect('athleteId' in result ? `/coach/athletes/${result.athleteId}#flash` : '/settings#flash', 303);
    } catch (error) {
      return errorPage(c, error, 'Invitation');
    }
  });

  return app;
}
