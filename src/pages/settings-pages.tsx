/**
 * Settings (everything `PUT /api/me/settings` takes, races, calendars, plan feeds, API tokens,
 * coaches and invitations, password) and Data & privacy (export, disconnect, delete). The forms
 * are plain HTML posts through the form bridge to the contract's API (see form-bridge.ts), so
 * both run the same use cases, with or without JavaScript.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { verifyCalDavLogin } from '../../integrations/caldav';
import { isGoogleEnabled, isStravaEnabled } from '../core/config';
import { AppError, IntegrationError } from '../core/errors';
import { EQUIPMENT, EXPERIENCE_LEVELS, INJURY_AREAS, RACE_PRIORITIES, SEXES, TERRAINS, WEEKDAY_KEYS, DAY_CLASSES } from '../core/vocabulary';
import { apiTokensOf } from '../db/repositories/auth';
import { connectionsOfUser } from '../db/repositories/connections';
import { racesOf } from '../db/repositories/planning';
import { readSettings } from '../db/repositories/settings';
import { liveGrants } from '../db/repositories/users';
import type { AppEnv } from '../http/env';
import { emailOf } from '../account/accounts';
import { listInvitations } from '../account/invitations';
import { getFeedLinks } from '../calendar/feed';
import { planSourcesOf, viewPlanSource } from '../calendar/plan-sources';
import { assertUserUrl, userUrlFetch } from '../calendar/sinks';
import { targetsOfUser, viewTarget } from '../calendar/targets';
import { listImports } from '../files/imports';
import { FormError } from './layout';
import { Del, formAction } from './forms';
import { flashOf } from './flash';
import { shownSettings } from './form-bridge';
import { pageMiddleware, render, signedIn } from './render';
import { readFormFields } from '../http/validate';

const CalDavTest = z.object({ url: z.string().url(), username: z.string().min(1).max(200), password: z.string().min(1).max(500) });


/** What the CalDAV login test says when it fails; undefined: not a failure to explain (rethrown). */
function calDavTestFailure(error: unknown): string | undefined {
  if (error instanceof IntegrationError) {
    return error.code === 'DISCONNECTED' ? 'The server refused this username and password (use an app-specific password).' : 'Could not log in to a CalDAV server at this URL.';
  }
  // a URL this server will not call (a private address) says why, as "Add calendar" does
  if (error instanceof AppError) return error.code === 'VALIDATION' ? error.message : 'Could not log in to a CalDAV server at this URL.';
  if (error instanceof Error && 'code' in error) return 'Could not log in to a CalDAV server at this URL.';
  return undefined;
}

export function settingsPages(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ['/settings', '/settings/calendars/test', '/privacy']) app.use(path, pageMiddleware);

  app.get('/settings', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const { deps } = c.var;
    const [saved, races, targets, feed, sources, tokens, coaches, invites, email] = await Promise.all([
      readSettings(deps.db, user.id),
      racesOf(deps.db, user.id),
      targetsOfUser(deps.db, user.id),
      getFeedLinks(deps, user.id),
      planSourcesOf(deps.db, user.id).then((rows) => Promise.all(rows.map((row) => viewPlanSource(deps, row)))),
      apiTokensOf(deps.db, user.id),
      liveGrants(deps.db, { athleteId: user.id }),
      listInvitations(deps, user.id),
      emailOf(deps, user.id),
    ]);
    // after a failed save, the form shows what was typed (see form-bridge.ts)
    const s = shownSettings(saved, flashOf(c)?.fields);
    const coachInvites = invites.filter((i) => i.kind === 'coach' && i.status === 'pending');
    return render(
      c,
      { title: 'Settings', nav: 'settings' },
      <>
        <nav aria-label="Sections">
          <ul>
            {[['#profile', 'Profile'], ['#races', 'Races'], ['#calendars', 'Calendars'], ['#coaches', 'Coaches'], ['#tokens', 'API tokens'], ['#account', 'Account']].map(([href, label]) => (
              <li>
                <a href={href}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>

        <section id="profile" aria-labelledby="profile-h">
          <h2 id="profile-h">Profile and planning</h2>
          <form method="post" action={formAction('/api/me/settings', { method: 'PUT', next: '/settings#profile', back: '/settings#profile' })} id="settings-form">
            <FormError />
            <label>
              Time zone (your browser says <span data-browser-tz>…</span>)
              <div class="row-actions">
                <input type="text" name="timeZone" id="tz" value={s?.timeZone ?? 'UTC'} required />
                <button type="button" class="secondary small" data-fill-tz="#tz">
                  Use browser's
                </button>
              </div>
            </label>
            <div class="grid">
              <label>
                Sex (for heart-rate load)
                <select name="sex:nullable">
                  <option value="">not given</option>
                  {SEXES.map((x) => (
                    <option value={x} selected={s?.sex === x}>
                      {x === 'm' ? 'male' : 'female'}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Experience
                <select name="experience">
                  {EXPERIENCE_LEVELS.map((x) => (
                    <option value={x} selected={s?.experience === x}>
                      {x}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div class="grid">
              <label>
                Max HR
                <input type="number" name="hrMaxBpm:number" min={30} max={250} value={s?.hrMaxBpm ?? ''} />
              </label>
              <label>
                Resting HR
                <input type="number" name="hrRestBpm:number" min={30} max={250} value={s?.hrRestBpm ?? ''} />
              </label>
              <label>
                Threshold HR
                <input type="number" name="lthrBpm:number" min={30} max={250} value={s?.lthrBpm ?? ''} />
              </label>
            </div>
            <label>
              Threshold pace (seconds per km)
              <input type="number" name="thresholdPaceSPerKm:number" min={120} max={900} value={s?.thresholdPaceSPerKm ?? ''} />
            </label>
            <fieldset>
              <legend>Equipment</legend>
              <input type="hidden" name="equipment:list" value="" />
              {EQUIPMENT.map((x) => (
                <label>
                  <input type="checkbox" name="equipment:list" value={x} checked={s?.equipment.includes(x)} /> {x}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Injury</legend>
              <label>
                Area
                <select name="injury.area:key">
                  <option value="">none</option>
                  {INJURY_AREAS.map((x) => (
                    <option value={x} selected={s?.injury?.area === x}>
                      {x.replace('_', ' ')}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <input type="hidden" name="injury.canRun:bool" value="false" />
                <input type="checkbox" name="injury.canRun:bool" value="true" checked={s?.injury ? s.injury.canRun : true} /> I can still run
              </label>
              <label>
                <input type="hidden" name="injury.lowImpactCleared:bool" value="false" />
                <input type="checkbox" name="injury.lowImpactCleared:bool" value="true" checked={s?.injury?.lowImpactCleared === true} /> Cleared by a clinician for
                low-impact cardio (cycling, swimming, pool running); only used when I can't run
              </label>
            </fieldset>
            <div class="grid">
              <label>
                Preferred time
                <input type="time" name="preferredStrengthTime:nullable" value={s?.preferredStrengthTime ?? ''} />
              </label>
              <label>
                Hours after a run
                <input type="number" name="strengthGapAfterRunH:number" min={0} max={12} value={s?.strengthGapAfterRunH ?? ''} />
              </label>
            </div>
            <div class="grid">
              <label>
                Sessions per week
                <input type="number" name="sessionsPerWeek:number" min={1} max={3} value={s?.sessionsPerWeek ?? ''} />
              </label>
              <label>
                Longest session (min)
                <input type="number" name="maxSessionMin:number" min={15} max={90} value={s?.maxSessionMin ?? ''} />
              </label>
            </div>
            <fieldset>
              <legend>Usual week (when no plan feed says otherwise)</legend>
              <div class="grid">
                {WEEKDAY_KEYS.map((d) => (
                  <label>
                    {d}
                    <select name={`weeklyTemplate.${d}:opt`}>
                      <option value="">–</option>
                      {DAY_CLASSES.map((k) => (
                        <option value={k} selected={s?.weeklyTemplate?.[d] === k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
            </fieldset>
            <label>
              <input type="hidden" name="crossTrainingCounts:bool" value="false" />
              <input type="checkbox" name="crossTrainingCounts:bool" value="true" checked={s?.crossTrainingCounts} /> Cross-training counts towards load
            </label>
            <button type="submit">Save settings</button>
          </form>
        </section>

        <section id="races" aria-labelledby="races-h">
          <h2 id="races-h">Goal races</h2>
          <ul id="race-list">
            {races.length === 0 ? <li>No races yet.</li> : null}
            {races.map((r) => (
              <li>
                {r.date}: {r.name ?? 'race'}, {(r.distanceM / 1000).toFixed(1)} km {r.terrain}, priority {r.priority} <Del api={`/api/me/races/${r.id}`} label="Remove" next="/settings#races" />
              </li>
            ))}
          </ul>
          <form method="post" action={formAction('/api/me/races', { next: '/settings#races', back: '/settings#races' })} id="race-form">
            <FormError />
            <div class="grid">
              <label>
                Date
                <input type="date" name="date" required />
              </label>
              <label>
                Distance (m)
                <input type="number" name="distanceM:number" min={100} max={500000} required />
              </label>
            </div>
            <div class="grid">
              <label>
                Terrain
                <select name="terrain">
                  {TERRAINS.map((t) => (
                    <option value={t}>{t}</option>
                  ))}
                </select>
              </label>
              <label>
                Priority
                <select name="priority">
                  {RACE_PRIORITIES.map((p) => (
                    <option value={p}>{p}</option>
                  ))}
                </select>
              </label>
              <label>
                Name (optional)
                <input type="text" name="name:opt" maxlength={120} />
              </label>
            </div>
            <button type="submit">Add race</button>
          </form>
        </section>

        <section id="calendars" aria-labelledby="cal-h">
          <h2 id="cal-h">Calendars</h2>
          <ul id="calendar-list">
            {targets.length === 0 ? <li>No calendar connected.</li> : null}
            {targets.map((t) => {
              const v = viewTarget(t);
              return (
                <li>
                  {v.kind}
                  {v.serverUrl ? ` ${v.serverUrl}` : ''}: <span class="target-status">{v.status}</span>
                  {v.lastSyncedAt ? `, synced ${v.lastSyncedAt.slice(0, 16).replace('T', ' ')}` : ''}
                  {v.lastError ? ` (${v.lastError})` : ''} <Del api={`/api/me/calendars/${v.id}`} label="Remove" next="/settings#calendars" />
                </li>
              );
            })}
          </ul>
          <h3>Private calendar link (ICS)</h3>
          <label>
            Subscribe to this link in any calendar app; keep it private.
            <input type="text" readonly value={feed.url} id="feed-url" />
          </label>
          <div class="row-actions">
            <button type="button" class="secondary" data-copy="#feed-url">
              Copy link
            </button>
            <Del api="/api/me/calendar-feed/rotate" method="POST" next="/settings#calendars" label="New link" confirm="The old link stops working. Continue?" />
          </div>
          <h3>CalDAV (iCloud, Fastmail, Nextcloud, Radicale…)</h3>
          <form method="post" action={formAction('/api/me/calendars', { next: '/settings#calendars', back: '/settings#calendars' })} id="caldav-form">
            <FormError />
            <input type="hidden" name="kind" value="caldav" />
            <label>
              Server URL
              <input type="url" name="url" required placeholder="https://caldav.example.com/" />
            </label>
            <div class="grid">
              <label>
                Username
                <input type="text" name="username" autocomplete="off" required />
              </label>
              <label>
                App password
                <input type="password" name="password" autocomplete="off" required />
              </label>
            </div>
            <div class="row-actions">
              <button type="submit">Add calendar</button>
              <button type="button" class="secondary" hx-post="/settings/calendars/test" hx-include="#caldav-form" hx-target="#caldav-test" id="caldav-test-button">
                Test connection
              </button>
            </div>
            <output id="caldav-test" aria-live="polite"></output>
          </form>
          {isGoogleEnabled(c.var.deps.config) ? (
            <form method="post" action={formAction('/api/me/calendars', { next: '/settings#calendars', back: '/settings#calendars' })} id="google-form">
              <FormError />
              <input type="hidden" name="kind" value="google" />
              <button type="submit" class="secondary">
                Connect Google Calendar
              </button>
            </form>
          ) : null}
          <h3>Training-plan feeds</h3>
          <p>ICS links of plans you follow elsewhere: their runs become expected days.</p>
          <ul>
            {sources.map((p) => (
              <li>
                <span class="code">{p.url}</span>: {p.plannedRuns} runs{p.lastError ? ` (${p.lastError})` : ''} <Del api={`/api/me/plan-sources/${p.id}`} label="Remove" next="/settings#calendars" />
              </li>
            ))}
          </ul>
          <form method="post" action={formAction('/api/me/plan-sources', { next: '/settings#calendars', back: '/settings#calendars' })} id="plan-source-form">
            <FormError />
            <label>
              Plan feed URL
              <input type="url" name="url" required />
            </label>
            <button type="submit" class="secondary">
              Follow plan
            </button>
          </form>
        </section>

        <section id="coaches" aria-labelledby="coaches-h">
          <h2 id="coaches-h">Coaches</h2>
          <ul id="coach-list">
            {coaches.length === 0 ? <li>No coach sees your data.</li> : null}
            {coaches.map((g) => (
              <li>
                {g.displayName ?? 'coach'} <Del api={`/api/me/coaches/${g.userId}`} label="Revoke access" next="/settings#coaches" confirm="Revoke this coach's access now?" />
              </li>
            ))}
          </ul>
          {coachInvites.length > 0 ? (
            <>
              <h3>Pending invitations</h3>
              <ul>
                {coachInvites.map((i) => (
                  <li>
                    expires {i.expiresAt.slice(0, 10)} <Del api={`/api/me/invites/${i.id}`} label="Revoke invitation" next="/settings#coaches" />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <form method="post" action={formAction('/api/me/invites', { next: '/settings#coaches', back: '/settings#coaches' })} id="invite-coach-form">
            <FormError />
            <input type="hidden" name="kind" value="coach" />
            <button type="submit" class="secondary">
              Invite a coach
            </button>
            <p>You get a single-use link (valid 7 days) to send to your coach however you like.</p>
          </form>
        </section>

        <section id="tokens" aria-labelledby="tokens-h">
          <h2 id="tokens-h">Personal API tokens</h2>
          <ul>
            {tokens.length === 0 ? <li>No tokens.</li> : null}
            {tokens.map((t) => (
              <li>
                {t.name} (last used {t.lastUsedAtMs ? new Date(t.lastUsedAtMs).toISOString().slice(0, 10) : 'never'}) <Del api={`/api/me/api-tokens/${t.id}`} label="Revoke" next="/settings#tokens" />
              </li>
            ))}
          </ul>
          <form method="post" action={formAction('/api/me/api-tokens', { next: '/settings#tokens', back: '/settings#tokens' })} id="token-form">
            <FormError />
            <label>
              Token name
              <input type="text" name="name" required maxlength={60} />
            </label>
            <button type="submit" class="secondary">
              Create token
            </button>
            <p>The token is shown once, at the top of the page.</p>
          </form>
        </section>

        <section id="account" aria-labelledby="account-h">
          <h2 id="account-h">Account</h2>
          <form method="post" action={formAction('/api/me/password', { method: 'PUT', next: '/settings#account', back: '/settings#account' })} id="password-form">
            <FormError />
            <label>
              Email
              <input type="email" name="email" autocomplete="email" required value={email ?? ''} />
            </label>
            <label>
              {email ? 'New password' : 'Password (to sign in without Strava)'}
              <input type="password" name="password" autocomplete="new-password" minlength={10} required />
            </label>
            <button type="submit" class="secondary">
              Save email and password
            </button>
          </form>
          <form method="post" action="/logout-everywhere">
            <button type="submit" class="secondary outline">
              Sign out everywhere
            </button>
          </form>
        </section>
      </>,
    );
  });

  /**
   * htmx: try a CalDAV login without saving anything; answers a short HTML fragment.
   */
  app.post('/settings/calendars/test', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const deps = c.var.deps;
    const parsed = CalDavTest.safeParse(await readFormFields(c));
    if (!parsed.success) return c.html(<span role="alert">Fill in the server URL, username and password.</span>, 422);
    try {
      assertUserUrl(deps, parsed.data.url, 'url');
      await verifyCalDavLogin({ serverUrl: parsed.data.url, username: parsed.data.username, password: parsed.data.password }, userUrlFetch(deps), () => deps.clock.now(), deps.config.CALENDAR_TIMEOUT_MS);
    } catch (error) {
      const message = calDavTestFailure(error);
      if (message === undefined) throw error;
      return c.html(<span role="alert">{message}</span>, 422);
    }
    return c.html(<span id="caldav-ok">Connection works.</span>);
  });

  app.get('/privacy', async (c) => {
    const user = await signedIn(c);
    if (user instanceof Response) return user;
    const [connections, imports] = await Promise.all([connectionsOfUser(c.var.deps.db, user.id), listImports(c.var.deps.db, user.id)]);
    const strava = connections.find((x) => x.provider === 'strava' && x.status !== 'revoked');
    return render(
      c,
      { title: 'Data & privacy', nav: 'privacy' },
      <>
        <section aria-labelledby="export-h">
          <h2 id="export-h">Export</h2>
          <p>Everything stored about you (settings, activities, days, plans, calendars, coaches, audit log) as one JSON file. Secrets (tokens, passwords) are never included.</p>
          <a class="btn secondary" href="/api/me/export" download="hardday-export.json" id="export-link">
            Download my data
          </a>
        </section>
        <section aria-labelledby="sources-h">
          <h2 id="sources-h">Sources</h2>
          {strava ? (
            <p>
              Strava is connected. Disconnecting revokes hardday's access at Strava and deletes every activity read from Strava (days are reclassified without them).{' '}
              <Del api="/api/me/connections/strava" label="Disconnect Strava" next="/privacy" confirm="Disconnect Strava and delete its activities?" />
            </p>
          ) : (
            <p>{isStravaEnabled(c.var.deps.config) ? 'Strava is not connected.' : 'No source connected.'}</p>
          )}
          <h3 id="imports-h">Imported files</h3>
          {imports.length === 0 ? (
            <p>No runs imported from files.</p>
          ) : (
            <ul aria-labelledby="imports-h" id="imports">
              {imports.map((i) => (
                <li>
                  {i.startLocal.replace('T', ' ').slice(0, 16)} · {i.sport}
                  {i.distanceM !== null ? ` · ${(i.distanceM / 1000).toFixed(1)} km` : ''}
                  {i.name ? ` · ${i.name}` : ''}
                  {i.alsoFrom.length > 0 ? ` (also from ${i.alsoFrom.join(', ')}: the run stays)` : ''}{' '}
                  <Del api={`/api/me/imports/${i.id}`} label="Delete" next="/privacy#imports-h" confirm="Delete this imported file's run?" />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="delete-h">
          <h2 id="delete-h">Delete my account</h2>
          <p>Deletes your account and everything with it: connections (revoked at Strava), activities, days, plans, calendars, coaches' access, tokens and your audit entries. This cannot be undone.</p>
          <form method="post" action={formAction('/api/me', { method: 'DELETE', next: '/', back: '/privacy#delete-h' })} data-confirm="Delete your account and all its data for good?" id="delete-account-form">
            <label>
              <input type="checkbox" name="confirm" required /> I understand this deletes everything, for good
            </label>
            <button type="submit" class="contrast" id="delete-account">
              Delete my account
            </button>
          </form>
        </section>
      </>,
    );
  });

  return app;
}
