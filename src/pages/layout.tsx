/**
 * The page shell: Pico CSS (classless), the app's small stylesheet and script, htmx, a skip link
 * and a navigation that fits 360 px. Scripts and styles are files under /assets (the CSP allows
 * nothing inline).
 */
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { User } from '../db/repositories/users';
import type { Flash } from './flash';

export interface LayoutProps {
  title: string;
  user?: User | undefined;
  /** which nav entry is current */
  nav?: 'plan' | 'history' | 'settings' | 'privacy' | 'coach' | 'start';
  /** extra assets (the chart pages load uPlot) */
  chart?: boolean;
  /** "Powered by Strava" for pages that show values derived from Strava */
  strava?: boolean;
  /** show "Sign up" (signed out, and sign-up needs no invitation) */
  signup?: boolean;
  /** what the last form post did (a one-time message) */
  flash?: Flash | undefined;
  children?: Child;
}

/**
 * htmx settings, read from this meta tag (the CSP allows no inline script). Unlike htmx's
 * default, a 422 is swapped too: the pages' htmx routes answer a 422 fragment that says what was
 * wrong (e.g. "Could not log in…"), which must reach the page.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true },
    { code: '...', swap: false },
  ],
});

const NAV: Array<[NonNullable<LayoutProps['nav']>, string, string]> = [
  ['plan', '/plan', 'Plan'],
  ['history', '/history', 'History'],
  ['coach', '/coach', 'Coaching'],
  ['settings', '/settings', 'Settings'],
  ['privacy', '/privacy', 'Privacy'],
];

/** a coach's own account: the roster first (their own plan and history stay reachable) */
const COACH_NAV = [...NAV.filter(([key]) => key === 'coach'), ...NAV.filter(([key]) => key !== 'coach')];

export const Layout: FC<LayoutProps> = ({ title, user, nav, chart, strava, signup, flash, children }) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{title === 'hardday' ? 'hardday' : `${title} · hardday`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/pico.min.css" />
        {chart ? <link rel="stylesheet" href="/assets/uPlot.min.css" /> : null}
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
        {chart ? <script src="/assets/uPlot.iife.min.js" defer></script> : null}
        <script src="/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="container">
          <nav aria-label="Main">
            <ul>
              <li>
                <a href="/" class="brand">
                  <strong>hardday</strong>
                </a>
              </li>
            </ul>
            {user ? (
              <ul class="menu">
                {(user.role === 'coach' ? COACH_NAV : NAV).map(([key, href, label]) => (
                  <li>
                    <a href={href} aria-current={nav === key ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
                <li>
                  <form method="post" action="/logout" class="inline">
                    <button type="submit" class="secondary outline small" id="sign-out">
                      Sign out
                    </button>
                  </form>
                </li>
              </ul>
            ) : (
              <ul class="menu">
                <li>
                  <a href="/login">Sign in</a>
                </li>
                {signup ? (
                  <li>
                    <a href="/signup">Sign up</a>
                  </li>
                ) : null}
              </ul>
            )}
          </nav>
        </header>
        <main class="container" id="main">
          <h1>{title}</h1>
          {flash ? <FlashMessage flash={flash} /> : null}
          {children}
        </main>
        <footer class="container">
          <small>
            Not medical advice: stop any exercise that hurts.
            {strava ? (
              <>
                {' '}
                <span class="powered-by-strava">Powered by Strava</span>
              </>
            ) : null}
          </small>
        </footer>
      </body>
    </html>
  </>
);

/** A form's error area (server-rendered forms show their error here). */
export const FormError: FC<{ message?: string | undefined }> = ({ message }) => (
  <p class="form-error" role="alert">
    {message ?? ''}
  </p>
);

/** The outcome of the last form post: a status (success) or an alert (failure). */
export const FlashMessage: FC<{ flash: Flash }> = ({ flash }) => (
  <div class={flash.ok ? 'flash notice' : 'flash notice error'} id="flash" role={flash.ok ? 'status' : 'alert'}>
    <p>{flash.message}</p>
    {flash.value ? (
      <p>
        <output class="code" id="flash-value">
          {flash.value}
        </output>
      </p>
    ) : null}
    {flash.items && flash.items.length > 0 ? (
      <ul id="flash-items">
        {flash.items.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
    ) : null}
  </div>
);
