/** Pieces several pages share: day rows, a session card, the load chart. */
import type { FC } from 'hono/jsx';
import type { Day, LoadPoint, PlannedSession } from '../../rules';

export const ClassBadge: FC<{ cls: Day['class'] }> = ({ cls }) => <span class={`class ${cls}`}>{cls}</span>;

export const DayRow: FC<{ day: Pick<Day, 'date' | 'class' | 'source' | 'evidence' | 'load'> }> = ({ day }) => (
  <li class="day">
    <span class="date">{weekdayDate(day.date)}</span>
    <ClassBadge cls={day.class} />
    <span>{day.source === 'expected' ? 'expected' : `load ${Math.round(day.load)}`}</span>
    {day.evidence.length > 0 ? <p class="evidence">{day.evidence.join('; ')}</p> : null}
  </li>
);

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Tue 2026-11-24" (no Intl formatter per call: they cost ~0.5 ms each). */
export function weekdayDate(date: string): string {
  return `${WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]} ${date}`;
}

function dose(e: PlannedSession['exercises'][number]): string {
  const what = e.reps !== undefined ? `${e.sets} × ${e.reps}` : e.seconds !== undefined ? `${e.sets} × ${e.seconds} s` : `${e.sets} sets`;
  return what;
}

function sessionWhen(session: PlannedSession, athleteTimeZone: string | undefined): string {
  if (session.timing === 'after-run') return athleteTimeZone ? 'after the run' : 'after your run';
  const at = `at ${session.start.slice(11, 16)}`;
  return athleteTimeZone ? `${at} (${athleteTimeZone} time)` : at;
}

export interface SessionReport {
  status: 'done' | 'skipped';
  effort: number | null;
}

/**
 * A planned session: exercises, why it is there (reasons and rule ids), status, and (for the
 * runner) the log form. `athleteTimeZone`: shown to someone else (a coach), the clock time says
 * whose clock it is and the runner-addressed summary is left out.
 */
export const SessionCard: FC<{ session: PlannedSession; report?: SessionReport | undefined; editable: boolean; athleteTimeZone?: string | undefined }> = ({ session, report, editable, athleteTimeZone }) => (
  <article class="session" id={session.id} tabindex={-1}>
    <header>
      <h3>{session.title}</h3>
      <small>
        {weekdayDate(session.date)} {sessionWhen(session, athleteTimeZone)} · {session.durationMin} min · {session.kind}
      </small>
      {/* the summary speaks to the runner ("after your run"); the line above says it all for a coach */}
      {session.summary && !athleteTimeZone ? <p>{session.summary}</p> : null}
    </header>
    <div class="table-wrap">
      <table class="exercises">
        <caption class="visually-hidden">Exercises</caption>
        <thead>
          <tr>
            <th scope="col">Exercise</th>
            <th scope="col">Dose</th>
            <th scope="col">Rest</th>
            <th scope="col">Load and cue</th>
          </tr>
        </thead>
        <tbody>
          {session.exercises.map((e) => (
            <tr>
              <td>{e.name}</td>
              <td>{dose(e)}</td>
              <td data-label="rest">{e.restSec} s</td>
              <td>{[e.load, e.cue].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <details>
      <summary>Why this session</summary>
      <ul class="reasons">
        {session.reasons.map((r) => (
          <li>{r}</li>
        ))}
      </ul>
      <p>
        Rules:{' '}
        {session.rules.map((id) => (
          <>
            <span class="rule">{id}</span>{' '}
          </>
        ))}
      </p>
    </details>
    <p>
      Status:{' '}
      <span class="status" data-status>
        {report ? `${report.status}${report.effort ? ` (effort ${report.effort}/10)` : ''}` : 'planned'}
      </span>
    </p>
    {editable ? (
      <footer>
        <form method="post" action={`/plan/${encodeURIComponent(session.id)}/log`} class="log-form">
          <label>
            Effort (optional)
            <select name="effort">
              <option value="">–</option>
              {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => (
                <option value={String(n)} selected={report?.effort === n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" name="status" value="done">
            Mark done
          </button>
          <button type="submit" name="status" value="skipped" class="secondary">
            Skipped
          </button>
          <a href={`/api/me/plan/${encodeURIComponent(session.id)}.fit`} download>
            Workout file (.fit)
          </a>
        </form>
      </footer>
    ) : null}
  </article>
);

export const LoadChart: FC<{ points: LoadPoint[]; label: string }> = ({ points, label }) => {
  const compact = points.map((p) => ({ date: p.date, load: Math.round(p.load), ctl: Math.round(p.ctl * 10) / 10, atl: Math.round(p.atl * 10) / 10, tsb: Math.round(p.tsb * 10) / 10 }));
  const last = compact[compact.length - 1];
  return (
    <figure>
      <div class="chart" data-load-chart={JSON.stringify(compact)} role="img" aria-label={label}></div>
      <figcaption>
        {last
          ? `Daily load (bars), fitness (CTL), fatigue (ATL) and form (TSB). Latest: fitness ${last.ctl}, fatigue ${last.atl}, form ${last.tsb}.`
          : 'No load yet.'}
      </figcaption>
    </figure>
  );
};
