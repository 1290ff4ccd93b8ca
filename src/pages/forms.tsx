/** Server-posted forms that work without JavaScript: sign-in and sign-up; form-bridge actions. */
import type { FC } from 'hono/jsx';
import { FormError } from './layout';

export const LoginForm: FC<{ next?: string | undefined; email?: string | undefined; error?: string | undefined; signup?: boolean | undefined }> = ({ next, email, error, signup }) => (
  <form method="post" action="/login" id="login-form">
    <FormError message={error} />
    <label>
      Email
      <input type="email" name="email" autocomplete="email" required value={email ?? ''} />
    </label>
    <label>
      Password
      <input type="password" name="password" autocomplete="current-password" required />
    </label>
    {next ? <input type="hidden" name="next" value={next} /> : null}
    <button type="submit">Sign in</button>
    {signup ? (
      <p>
        No account yet? <a href="/signup">Sign up</a>
      </p>
    ) : (
      <p>No account yet? On this server a new account needs an invitation link from someone who uses it.</p>
    )}
  </form>
);

export const SignupForm: FC<{ invite?: string | undefined; email?: string | undefined; error?: string | undefined; first: boolean }> = ({ invite, email, error, first }) => (
  <form method="post" action="/signup" id="signup-form">
    {first ? <p class="notice">This is a fresh install: the first account is the owner's.</p> : null}
    <FormError message={error} />
    <label>
      Name (shown to your coach or athletes)
      <input type="text" name="displayName" autocomplete="name" maxlength={80} />
    </label>
    <label>
      Email
      <input type="email" name="email" autocomplete="email" required value={email ?? ''} />
    </label>
    <label>
      Password (at least 10 characters)
      <input type="password" name="password" autocomplete="new-password" minlength={10} required />
    </label>
    {invite ? <input type="hidden" name="invite" value={invite} /> : null}
    <button type="submit">Create account</button>
  </form>
);

/**
 * The action of a plain form that runs `api` through the form bridge (see form-bridge.ts):
 * `next` is where the browser goes when it worked, `back` the page the form is on (where an
 * error is shown, so the form is not lost). Both are required: a form without them would land
 * somewhere unrelated.
 */
export function formAction(api: string, opts: { method?: 'POST' | 'PUT' | 'DELETE' | undefined; next: string; back: string }): string {
  const query = new URLSearchParams();
  if (opts.method && opts.method !== 'POST') query.set('_method', opts.method);
  query.set('_next', opts.next);
  query.set('_back', opts.back);
  return `/form${api}?${query.toString()}`;
}

/** A button that deletes through the API (a plain form; app.js asks `confirm` first). */
export const Del = ({ api, label, confirm, next, back, method }: { api: string; label: string; confirm?: string; next: string; back?: string; method?: 'POST' | 'DELETE' }) => (
  <form method="post" action={formAction(api, { method: method ?? 'DELETE', next, back: back ?? next })} class="inline" data-confirm={confirm}>
    <button type="submit" class="secondary outline small">
      {label}
    </button>
  </form>
);
