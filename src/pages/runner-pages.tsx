/** The runner's pages: start (connect + onboarding), plan, history. */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import type { Day, PlannedSession } from '../../rules';
import { isStravaEnabled } from '../core/config';
import { addDays } from '../core/dates';
import { AppError } from '../core/errors';
import { EQUIPMENT, EXPERIENCE_LEVELS } from '../core/vocabulary';
import { connectionsOfUser } from '../db/repositories/connections';
import { readProviderAppStatus } from '../db/repositories/provider-status';
import { listConnections } from '../strava/connect';
import { sessionsOf } from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import type { AppEnv } from '../http/env';
import { logSession, sessionReports } from '../account/session-log';
import { athleteToday, daysView, loadView } from '../planning/views';
import { DayRow, LoadChart, SessionCard, weekdayDate } from './components';
import { FormError } from './layout';
import { formAction, LoginForm } from './forms';
import { flashOf, setFlash } from './flash';
import { shownSettings } from './form-bridge';
import { errorPage, pageMiddleware, render, signedIn, signupOpen } from './render';
import { readFormFields } from '../http/validate';

const LogForm = z.object({ status: z.enum(['done', 'skipped']), effort: z.union([z.literal(''), z.coerce.number().int().min(1).max(10)]).optional() });

const STRAVA_PROBLEMS: Record<string, string> = {
  access_denied: 'You chose not to give hardday access on Strava, so no connection was made. hardday only reads your activities to tell hard days from easy ones.',
  missing_scope: 'Strava is connected, but without permission to read all your activities, so some or all of your runs are not seen. Connect again and leave every box ticked.',
  refused: 'Strava did not give hardday access.',
  expired: 'The connection took too long or was started in another browser, so it was not completed for your safety.',
  other_account: 'This connection was started while signed in to another hardday account.',
  unavailable: 'Strava could not be reached or answered with an error.',
  failed: 'Strava did not connect.',
};

/** Why Strava did not connect, in plain words, and a way to try again. */
const StravaProblem = ({ code, missing }: { code: string; missing: string[] }) => (
  <div class="notice error" role="alert" id="strava-problem">
    <p>{STRAVA_PROBLEMS[code] ?? STRAVA_PROBLEMS['failed']}</p>
    {code === 'missing_scope' && missing.length > 0 ? <p>Missing: {missing.join(', ')}.</p> : null}
    <a class="btn strava-button" href="/auth/strava" id="strava-try-again">
      Try again
    </a>
  </div>
);

export function runnerPages(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ['/', '/start', '/plan', '/plan/:sessionId/log', '/history']) app.use(path, pageMiddleware);

  app.get('/', async (c) => {
    const user = c.get('user');
    if (!user) {
      const strava = isStravaEnabled(c.var.deps.config);
      const open = await signupOpen(c);
      return render(
        c,
        { title: 'hardday' },
        <>
          <p>Strength sessions that fit your running: lift on hard days, keep easy days easy.</p>
          {open ? null : <p id="invite-only">New accounts on this server need an invitation link from someone who uses it.</p>}
          <div class="row-actions">
            {open ? (
              <a class="btn" href="/signup">
                Create an account
              </a>
            ) : null}
            <a class="btn secondary" href="/login">
              Sign in
            </a>
            {strava ? (
              <a class="btn strava-button" id="connect-strava" href="/auth/strava">
                Sign in with Strava
              </a>
            ) : null}
          </div>
        </>,
      );
    }
    // back from Google's consent page (the calendar callback lands here): say how it went
    const calendar = c.req.query('calendar');
    if (calendar === 'google-connected' || calendar === 'google-denied') {
      await setFlash(
        c,
        calendar === 'google-connected'
          ? { ok: true, message: 'Google Calendar connected: your sessions are being sent to its "hardday" calendar.' }
          : { ok: false, message: 'Google Calendar was not connected: access was not granted on Google\'s page.' },
      );
      return c.redirect('/settings#flash', 303);
    }
    const [connections, sessions] = await Promise.all([connectionsOfUser(c.var.deps.db, user.id), sessionsOf(c.var.deps.db, user.id, { status: 'planned' })]);
    if (connections.length > 0 || sessions.length > 0) return c.redirect('/plan', 302);
    // a coach who does not log runs here starts from the roster, not from an empty plan
    return c.redirect(user.role === 'coach' ? '/coach' : '/start', 302);
  });

  app.get('/start', async (c) => {
    const { deps } = c.var;
    const stravaProblem = c.req.query('strava_error');
    if (!c.get('user') && stravaProblem) {
      // "Sign in with Strava" refused: say why, offer to try again or sign in otherwise
      return render(c, { title: 'Sign in' }, <><StravaProblem code={stravaProblem} missing={[]} /><LoginForm next="/start" signup={await signupOpen(c)} /></>, 401);
    }
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const [connections, saved, appStatus] = await Promise.all([listConnections(deps, user.id), readSettings(deps.db, user.id), readProviderAppStatus(deps.db)]);
    const settings = shownSettings(saved, flashOf(c)?.fields);
    const strava = connections.find((x) => x.provider === 'strava');
    return render(
      c,
      { title: 'Get started', nav: 'start' },
      <>
        <section aria-labelledby="sources">
          <h2 id="sources">1. Connect where your runs are</h2>
          {appStatus && isStravaEnabled(deps.config) ? (
            <div class="notice error" role="alert" id="strava-inactive">
              <p>
                <strong>Strava app inactive.</strong> Strava has paused this server's Strava app (since {new Date(appStatus.sinceMs).toISOString().slice(0, 10)}), so no run can be read from Strava for now. Your connection and data are kept, and
                everything is caught up once Strava answers again. Uploading activity files (below) still works.
              </p>
            </div>
          ) : null}
          {stravaProblem ? <StravaProblem code={stravaProblem} missing={strava?.missingScopes ?? []} /> : null}
          {!isStravaEnabled(deps.config) ? (
            <div id="strava-not-set-up">
              <p>Strava is not set up on this server, so runs cannot be read from Strava here. Upload your activity files below instead, or ask whoever runs this server to set up Strava.</p>
              <p>
                <small>For the server's admin: set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET.</small>
              </p>
            </div>
          ) : !strava || strava.status === 'revoked' ? (
            <a class="btn strava-button" id="connect-strava" href="/auth/strava">
              Connect with Strava
            </a>
          ) : strava.status === 'needs_reconsent' ? (
            <p>
              Strava needs your consent again{strava.lastError ? ` (${strava.lastError})` : ''}.{' '}
              <a class="btn strava-button" id="connect-strava" href="/auth/strava">
                Reconnect Strava
              </a>
            </p>
          ) : (
            <p id="strava-status">Strava is connected ({strava.status}). {appStatus ? 'Reading your runs resumes when Strava reactivates the app.' : 'Your runs are being read.'}</p>
          )}
          <details open={flashOf(c)?.kind === 'import' || !isStravaEnabled(deps.config)}>
            <summary>{isStravaEnabled(deps.config) ? 'Or upload activity files' : 'Upload activity files'}</summary>
            <form method="post" action={formAction('/api/me/uploads', { next: '/start#sources', back: '/start#sources' })} enctype="multipart/form-data" id="upload-form">
              <label>
                FIT, GPX or TCX files, or a Strava / Garmin export archive
                <input type="file" name="files" multiple required accept=".fit,.gpx,.tcx,.gz,.zip" />
              </label>
              <button type="submit" class="secondary">
                Upload
              </button>
            </form>
          </details>
        </section>
        <section aria-labelledby="about-you">
          <h2 id="about-you">2. About you</h2>
          <form method="post" action={formAction('/api/me/settings', { method: 'PUT', next: '/plan', back: '/start#about-you' })} id="onboarding">
            <FormError />
            <label>
              Time zone (your browser says <span data-browser-tz>…</span>)
              <input type="text" name="timeZone" id="tz" value={settings?.timeZone ?? 'UTC'} data-default-tz required />
            </label>
            <div class="grid">
              <label>
                Max heart rate (optional)
                <input type="number" name="hrMaxBpm:number" min={30} max={250} value={settings?.hrMaxBpm ?? ''} />
              </label>
              <label>
                Resting heart rate (optional)
                <input type="number" name="hrRestBpm:number" min={30} max={250} value={settings?.hrRestBpm ?? ''} />
              </label>
            </div>
            <label>
              Lifting experience
              <select name="experience">
                {EXPERIENCE_LEVELS.map((x) => (
                  <option value={x} selected={settings?.experience === x}>
                    {x}
                  </option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>Equipment you have</legend>
              <input type="hidden" name="equipment:list" value="" />
              {EQUIPMENT.map((x) => (
                <label>
                  <input type="checkbox" name="equipment:list" value={x} checked={settings?.equipment.includes(x) ?? x === 'bodyweight'} /> {x}
                </label>
              ))}
            </fieldset>
            <label>
              Preferred time for strength (HH:MM, optional)
              <input type="time" name="preferredStrengthTime:nullable" value={settings?.preferredStrengthTime ?? ''} />
            </label>
            <button type="submit">Save and see my plan</button>
          </form>
        </section>
      </>,
    );
  });

  app.get('/plan', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const { deps } = c.var;
    const today = await athleteToday(deps, user.id);
    const [days, rows, reports, connections] = await Promise.all([
      daysView(deps, user.id, { from: today, to: addDays(today, 13) }),
      sessionsOf(deps.db, user.id, { from: addDays(today, -7), to: addDays(today, 13), status: 'planned' }),
      sessionReports(deps, user.id),
      connectionsOfUser(deps.db, user.id),
    ]);
    const sessions = rows.map((r) => r.content as unknown as PlannedSession);
    const upcoming = sessions.filter((s) => s.date >= today);
    const past = sessions.filter((s) => s.date < today);
    const byDate = new Map<string, PlannedSession[]>();
    for (const s of upcoming) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
    const dayByDate = new Map(days.map((d) => [d.date, d]));
    const dates = Array.from({ length: 14 }, (_, i) => addDays(today, i));
    return render(
      c,
      { title: 'Your plan', nav: 'plan', strava: connections.some((x) => x.provider === 'strava') },
      <>
        <p>The next 14 days: each day's class and why, and your strength sessions.</p>
        <ol class="plan-days" aria-label="Next 14 days">
          {dates.map((date) => {
            const day = dayByDate.get(date);
            return (
              <li>
                {day ? (
                  <ul class="unstyled">
                    <DayRow day={day} />
                    <EffortPrompt day={day} next="/plan" />
                  </ul>
                ) : (
                  <p class="day">
                    <span class="date">{date}</span> <span>not classified yet</span>
                  </p>
                )}
                {(byDate.get(date) ?? []).map((s) => (
                  <SessionCard session={s} report={reports.get(s.id)} editable />
                ))}
              </li>
            );
          })}
        </ol>
        {upcoming.length === 0 ? <p id="no-sessions">Nothing planned yet: connect a source and fill in your settings.</p> : null}
        <h2>The past week</h2>
        {past.length === 0 ? (
          <p>No sessions in the past week.</p>
        ) : (
          past.map((s) => <SessionCard session={s} report={reports.get(s.id)} editable />)
        )}
      </>,
    );
  });

  app.post('/plan/:sessionId/log', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const parsed = LogForm.safeParse(await readFormFields(c));
    if (!parsed.success) return errorPage(c, new AppError('VALIDATION', 'choose done or skipped; effort is 1–10'));
    const sessionId = c.req.param('sessionId');
    const effort = typeof parsed.data.effort === 'number' ? parsed.data.effort : undefined;
    try {
      const logged = await logSession(c.var.deps, user.id, sessionId, { status: parsed.data.status, ...(effort !== undefined ? { effort } : {}) });
      await setFlash(c, {
        ok: true,
        message:
          logged.status === 'done'
            ? `Session of ${weekdayDate(logged.date)} marked done${logged.effort !== undefined ? ` (effort ${logged.effort}/10)` : ''}: the plan is being updated.`
            : `Session of ${weekdayDate(logged.date)} marked skipped: the plan is being updated.`,
      });
    } catch (error) {
      return errorPage(c, error);
    }
    return c.redirect('/plan#flash', 303);
  });

  app.get('/history', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const { deps } = c.var;
    const weeks = Math.min(52, Math.max(6, Number(c.req.query('weeks')) || 6));
    const today = await athleteToday(deps, user.id);
    const range = { from: addDays(today, -weeks * 7 + 1), to: today };
    const [days, load, connections] = await Promise.all([daysView(deps, user.id, range), loadView(deps, user.id, range), connectionsOfUser(deps.db, user.id)]);
    return render(
      c,
      { title: 'History', nav: 'history', chart: true, strava: connections.some((x) => x.provider === 'strava') },
      <>
        <nav aria-label="Range">
          <ul>
            {[6, 12, 26, 52].map((w) => (
              <li>
                <a href={`/history?weeks=${w}`} aria-current={w === weeks ? 'page' : undefined}>
                  {w === 52 ? '1 year' : `${w} weeks`}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <LoadChart points={load} label={`Training load over the last ${weeks} weeks`} />
        <h2>Days</h2>
        <ul class="unstyled" id="history-days">
          {[...days].reverse().map((d) => (
            <>
              <DayRow day={d} />
              <EffortPrompt day={d} next="/history" />
            </>
          ))}
        </ul>
      </>,
    );
  });

  return app;
}

/**
 * A treadmill run without heart rate or distance cannot be classified: the day asks for the
 * run's effort (1–10) right under its row; the rating reclassifies the day.
 */
const EffortPrompt: FC<{ day: Day; next: string }> = ({ day, next }) => {
  if (!day.needsEffortRating) return null;
  return (
    <>
      {day.activities
        .filter((a) => a.needsEffortRating)
        .map((a) => (
          <li class="effort-prompt">
            <form method="post" action={formAction(`/api/me/activities/${encodeURIComponent(a.id)}/effort`, { method: 'PUT', next, back: next })} aria-label={`Rate the effort of ${a.name ?? 'your treadmill run'} on ${day.date}`}>
              <label>
                How hard was {a.name ? `"${a.name}"` : 'this treadmill run'}? Effort 1 (very easy) to 10 (maximal)
                <input type="number" name="rpe:number" min={1} max={10} required />
              </label>
              <button type="submit">Save effort</button>
            </form>
          </li>
        ))}
    </>
  );
};
