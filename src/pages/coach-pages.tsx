/**
 * The coach's pages: the roster and one athlete. Derived values only (load, classes, evidence,
 * sessions): never activity names, descriptions, maps or streams (Strava's terms).
 */
import { Hono } from 'hono';
import type { PlannedSession } from '../../rules';
import { addDays } from '../core/dates';
import { sessionsOf } from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import { canViewAthlete, getUser } from '../db/repositories/users';
import type { AppEnv } from '../http/env';
import { listInvitations } from '../account/invitations';
import { sessionReports } from '../account/session-log';
import { derivedDays, roster, rosterRow } from '../coach/roster';
import { athleteToday, daysView, loadView } from '../planning/views';
import { ClassBadge, DayRow, LoadChart, SessionCard } from './components';
import { FormError } from './layout';
import { Del, formAction } from './forms';
import { pageMiddleware, render, signedIn } from './render';

const fmt = (n: number | null) => (n === null ? '–' : String(n));

export function coachPages(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ['/coach', '/coach/athletes/:id']) app.use(path, pageMiddleware);

  app.get('/coach', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const [rows, invites] = await Promise.all([roster(c.var.deps, user.id), listInvitations(c.var.deps, user.id)]);
    const pending = invites.filter((i) => i.kind === 'athlete' && i.status === 'pending');
    return render(
      c,
      { title: 'Coaching', nav: 'coach', strava: rows.some((r) => r.fromStrava) },
      <>
        {rows.length === 0 ? (
          <p id="roster-empty">No athlete has granted you access yet. Invite one below, or ask a runner to invite you from their settings.</p>
        ) : (
          <div class="table-wrap">
            <p id="roster-note">Your athletes. The acute:chronic ratio is informational only, not an injury prediction.</p>
            <table id="roster" aria-describedby="roster-note">
              <thead>
                <tr>
                  <th scope="col">Athlete</th>
                  <th scope="col">Fitness</th>
                  <th scope="col">Fatigue</th>
                  <th scope="col">Form</th>
                  <th scope="col">A:C ratio (info)</th>
                  <th scope="col">Last 7 days</th>
                  <th scope="col">Flags</th>
                  <th scope="col">This week</th>
                  <th scope="col">Next session</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={`/coach/athletes/${r.athleteId}`}>{r.displayName ?? 'athlete'}</a>
                    </th>
                    <td>{fmt(r.fitness)}</td>
                    <td>{fmt(r.fatigue)}</td>
                    <td>{fmt(r.form)}</td>
                    <td>{fmt(r.acuteChronicRatio)}</td>
                    <td>
                      <span class="week">
                        {r.last7.map((d) => (
                          <ClassBadge cls={d.class} />
                        ))}
                      </span>
                    </td>
                    <td>
                      {r.flags.length === 0
                        ? 'none'
                        : r.flags.map((f) => (
                            <span class="flag" data-flag={f.code}>
                              {f.label}
                            </span>
                          ))}
                    </td>
                    <td>
                      {r.week.done}/{r.week.planned} done{r.week.skipped > 0 ? `, ${r.week.skipped} skipped` : ''}
                    </td>
                    <td>{r.nextSession ? `${r.nextSession.date}: ${r.nextSession.title}` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <section aria-labelledby="invite-h">
          <h2 id="invite-h">Invite an athlete</h2>
          <form method="post" action={formAction('/api/me/invites', { next: '/coach#invite-h', back: '/coach#invite-h' })} id="invite-athlete-form">
            <FormError />
            <input type="hidden" name="kind" value="athlete" />
            <button type="submit" class="secondary">
              Create invitation link
            </button>
            <p>You get a single-use link (valid 7 days) to send to the runner however you like.</p>
          </form>
          {pending.length > 0 ? (
            <ul>
              {pending.map((i) => (
                <li>
                  pending, expires {i.expiresAt.slice(0, 10)}{' '}
                  <Del api={`/api/me/invites/${i.id}`} label="Revoke" next="/coach#invite-h" />
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </>,
    );
  });

  app.get('/coach/athletes/:id', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const athleteId = c.req.param('id');
    const { deps } = c.var;
    // a coach without a live grant learns nothing, not even that the athlete exists
    if (athleteId === user.id || !(await canViewAthlete(deps.db, user.id, athleteId))) {
      return render(c, { title: 'Not found' }, <p>No athlete here.</p>, 404);
    }
    const athlete = await getUser(deps.db, athleteId);
    const today = await athleteToday(deps, athleteId);
    const timeZone = (await readSettings(deps.db, athleteId))?.timeZone;
    const [row, load, days, sessions, reports] = await Promise.all([
      rosterRow(deps, athleteId, athlete?.displayName ?? null),
      loadView(deps, athleteId, { from: addDays(today, -41), to: today }),
      daysView(deps, athleteId, { from: addDays(today, -13), to: addDays(today, 13) }),
      sessionsOf(deps.db, athleteId, { from: addDays(today, -7), to: addDays(today, 13), status: 'planned' }),
      sessionReports(deps, athleteId),
    ]);
    return render(
      c,
      { title: athlete?.displayName ?? 'Athlete', nav: 'coach', chart: true, strava: row.fromStrava },
      <>
        <p>
          Fitness {fmt(row.fitness)}, fatigue {fmt(row.fatigue)}, form {fmt(row.form)}; acute:chronic {fmt(row.acuteChronicRatio)} (informational).{' '}
          {row.flags.map((f) => (
            <span class="flag">{f.label}</span>
          ))}
        </p>
        <LoadChart points={load} label="Training load over the last 6 weeks" />
        <h2>Days</h2>
        <ul class="unstyled" id="athlete-days">
          {derivedDays(days)
            .reverse()
            .map((d) => (
              <DayRow day={d} />
            ))}
        </ul>
        <h2>Plan</h2>
        {sessions.length === 0 ? <p>No sessions planned.</p> : null}
        {sessions.map((s) => (
          <SessionCard session={s.content as unknown as PlannedSession} report={reports.get(s.id)} editable={false} athleteTimeZone={timeZone} />
        ))}
        <Del api={`/api/coach/athletes/${athleteId}`} label="Stop coaching" confirm="Stop coaching this athlete?" next="/coach" back={`/coach/athletes/${athleteId}`} />
      </>,
    );
  });

  return app;
}
