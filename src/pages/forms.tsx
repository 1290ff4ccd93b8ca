/** Server-posted forms that work without JavaScript: sign-in and sign-up. */
import type { FC } from 'hono/jsx';
import { FormError } from './layout';

export const LoginForm: FC<{ next?: string | undefined; email?: string | undefined; error?: string | undefined }> = ({ next, email, error }) => (
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
    <p>
      No account yet? <a href="/signup">Sign up</a>
    </p>
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
