import { useState, type FormEvent } from 'react';

import { api, ApiError } from '../api';
import { ErrorMessage, Field } from './forms';

/**
 * Email and password, or "Sign in with SSO" for organisations that use it. The API's errors
 * are shown as they are (the seed's "Invalid email-id\username or password", "account
 * disabled", …); `sso-required` comes with the link to the SSO sign-in.
 */
export function SignInForm({
  surface,
  onSignedIn,
}: {
  surface: 'portal' | 'console';
  onSignedIn: () => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const ssoUrl = `/sso/login?${new URLSearchParams({ email, surface })}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/${surface}/login`, { email, password });
      onSignedIn();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const ssoRequired = error instanceof ApiError && error.code === 'sso-required';
  return (
    <form onSubmit={submit} aria-label="Sign in">
      <Field
        label="Email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Field
        label={surface === 'console' ? 'Password (fail-safe)' : 'Password'}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <ErrorMessage error={error} />
      <p className="actions">
        <button type="submit" disabled={busy}>
          Sign in
        </button>{' '}
        <a
          className={ssoRequired ? 'button primary' : 'button'}
          href={ssoUrl}
          aria-disabled={!email}
        >
          Sign in with SSO
        </a>
      </p>
    </form>
  );
}
