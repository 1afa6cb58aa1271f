import { ActionGroup, Alert, Button, Form, FormGroup, TextInput } from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';

import { api, ApiError } from '../api';
import { messageOf } from './errors';

/**
 * Email and password, or "Sign in with SSO" for organisations that use it. The API's errors
 * are shown as they are (the 401 sentence administrators know, "account disabled", …); what
 * was typed stays after an error, and `sso-required` makes the SSO route the primary action.
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
    <Form onSubmit={submit} aria-label="Sign in">
      {error !== undefined && (
        <Alert variant="danger" isInline isPlain title={messageOf(error)} role="alert" />
      )}
      <FormGroup label="Email" fieldId="sign-in-email" isRequired>
        <TextInput
          id="sign-in-email"
          type="email"
          autoComplete="username"
          isRequired
          value={email}
          onChange={(_event, value) => setEmail(value)}
        />
      </FormGroup>
      <FormGroup
        label={surface === 'console' ? 'Password (fail-safe)' : 'Password'}
        fieldId="sign-in-password"
        isRequired
      >
        <TextInput
          id="sign-in-password"
          type="password"
          autoComplete="current-password"
          isRequired
          value={password}
          onChange={(_event, value) => setPassword(value)}
        />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant={ssoRequired ? 'secondary' : 'primary'} isLoading={busy}>
          Sign in
        </Button>
        <Button
          component="a"
          variant={ssoRequired ? 'primary' : 'secondary'}
          href={email ? ssoUrl : undefined}
          isAriaDisabled={!email}
        >
          Sign in with SSO
        </Button>
      </ActionGroup>
    </Form>
  );
}
