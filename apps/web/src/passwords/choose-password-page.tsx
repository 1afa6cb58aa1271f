import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { api } from '../api';
import { ErrorMessage, Field, Page } from '../ui/forms';

/**
 * The pages emailed links open: `/set-password` (a new user chooses a password) and
 * `/reset-password` (an administrator sets a new fail-safe password). The token is in the
 * URL's fragment, which never reaches a server log or a Referer header.
 */
export default function ChoosePasswordPage({
  purpose,
}: {
  purpose: 'user-setup' | 'administrator-reset';
}) {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const path =
        purpose === 'user-setup' ? '/api/portal/password' : '/api/console/password-reset';
      await api('POST', path, { token, newPassword: password });
      setDone(true);
    } catch (caught) {
      setError(caught);
    }
  }

  const title = purpose === 'user-setup' ? 'Choose your password' : 'Set a new fail-safe password';
  if (done) {
    return (
      <Page title={title}>
        <p role="status">Your password is set.</p>
        <Link to={purpose === 'user-setup' ? '/portal/sign-in' : '/console/sign-in'}>Sign in</Link>
      </Page>
    );
  }
  return (
    <Page title={title}>
      <form onSubmit={submit} aria-label={title}>
        <Field
          label="New password (at least 12 characters)"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit">Save password</button>
      </form>
    </Page>
  );
}
