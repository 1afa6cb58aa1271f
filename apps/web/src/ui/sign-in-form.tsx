import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
} from '@patternfly/react-core';
import { type FormEvent, useState } from 'react';

import type { PasskeyAssertion } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { passkeyAssertion, passkeysSupported } from '../lib/passkeys';
import { messageOf } from './errors';

/**
 * Email and password, or "Sign in with SSO" for organisations that use it. The API's errors
 * are shown as they are (the 401 sentence administrators know, "account disabled", …); what
 * was typed stays after an error, and `sso-required` makes the SSO route the primary action.
 * `mfa-required` (an account with a second factor) adds the authentication code field,
 * sent as `otp` with the same email and password; a wrong code is told by that field.
 * With `passkeys` (the console), a passkey may stand in for the code, and "Sign in with a
 * passkey" signs in without a password at all.
 */
export function SignInForm({
  surface,
  passkeys = false,
  onSignedIn,
  onEnrolmentRequired,
}: {
  surface: 'portal' | 'console';
  /** Offer passkeys: as the second factor, and passwordless. */
  passkeys?: boolean;
  /** With the API's answer: the principal, and `breakGlass` for console sign-ins. */
  onSignedIn: (answer: { breakGlass?: boolean }) => void;
  /**
   * The portal's answer past the organisation's grace period (`mfa-required` with
   * `enrolmentRequired`): the password was right and the session reaches enrolment only.
   */
  onEnrolmentRequired?: () => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [otp, setOtp] = useState('');
  const [asksForCode, setAsksForCode] = useState(false);
  const ssoUrl = `/sso/login?${new URLSearchParams({ email, surface })}`;

  const offerPasskeys = passkeys && passkeysSupported();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await signIn(() => (asksForCode ? { otp: otp.trim() } : {}));
  }

  /** Sends email and password with what `factor` gives (nothing, a code, a passkey's answer). */
  async function signIn(factor: () => Promise<{ passkey: PasskeyAssertion }> | { otp?: string }) {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<{ breakGlass?: boolean }>('POST', `/api/${surface}/login`, {
        email,
        password,
        ...(await factor()),
      });
      onSignedIn(answer ?? {});
    } catch (caught) {
      if (
        caught instanceof ApiError &&
        caught.code === 'mfa-required' &&
        caught.body.enrolmentRequired === true &&
        onEnrolmentRequired
      ) {
        onEnrolmentRequired();
        return;
      }
      if (caught instanceof ApiError && caught.code === 'mfa-required') {
        // Not a failure: the next step. The field says what to type.
        setAsksForCode(true);
        return;
      }
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function withoutPassword() {
    setBusy(true);
    setError(undefined);
    try {
      const passkey = await passkeyAssertion();
      const answer = await api<{ breakGlass?: boolean }>(
        'POST',
        '/api/console/login/passkey',
        passkey,
      );
      onSignedIn(answer ?? {});
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const ssoRequired = error instanceof ApiError && error.code === 'sso-required';
  // Told by the code field when there is one; a refused passwordless passkey by the alert.
  const codeRefused = asksForCode && error instanceof ApiError && error.code === 'invalid-otp';
  return (
    <Form onSubmit={submit} aria-label="Sign in">
      {error !== undefined && !codeRefused && (
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
      {asksForCode && (
        <FormGroup label="Authentication code" fieldId="sign-in-otp" isRequired>
          <TextInput
            id="sign-in-otp"
            autoComplete="one-time-code"
            autoFocus
            isRequired
            value={otp}
            validated={codeRefused ? 'error' : 'default'}
            aria-describedby="sign-in-otp-helper"
            onChange={(_event, value) => setOtp(value)}
          />
          <FormHelperText>
            <HelperText id="sign-in-otp-helper">
              <HelperTextItem variant={codeRefused ? 'error' : 'default'}>
                {codeRefused
                  ? messageOf(error)
                  : 'The 6 digits your authenticator app shows, or one of your recovery codes.'}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
          {offerPasskeys && (
            <Button
              variant="link"
              isInline
              isDisabled={busy}
              onClick={() => signIn(async () => ({ passkey: await passkeyAssertion() }))}
            >
              Use a passkey instead
            </Button>
          )}
        </FormGroup>
      )}
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
        {offerPasskeys && !asksForCode && (
          <Button variant="secondary" onClick={withoutPassword} isDisabled={busy}>
            Sign in with a passkey
          </Button>
        )}
      </ActionGroup>
    </Form>
  );
}
