import {
  ActionGroup,
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../api';
import { messageOf } from '../ui/errors';

type SecretKind = 'password' | 'token';

/**
 * The gateway answers every wrong email, password or token with the one sentence administrators
 * know, so it never tells which was wrong. What the page adds depends only on what the person
 * chose to type, which they know already: that reveals nothing.
 */
const WRONG_SECRET_HINTS: Record<SecretKind, string> = {
  password:
    'Use your fail-safe password for Coffer. If your organisation uses single sign-on, its passwords do not work here: Sign in with SSO, or use an API token.',
  token:
    'Check that the token belongs to this email and has not expired or been revoked (Settings → APIs in the console).',
};

/**
 * Email with the fail-safe password or an API token. The email stays after any error; the
 * secret goes, except while a second factor is asked for (`mfa-required`: the same password is
 * sent again with the code, as at console sign-in). "Sign in with SSO" is always there.
 */
export function DownloadSignInForm({
  exportId,
  organizationSsoUrl,
  onSubmit,
}: {
  exportId: string;
  /** The export's organisation's own SSO start, when the summary named one. */
  organizationSsoUrl: string | null;
  /** Sends the credentials; throws the API's refusal. */
  onSubmit: (body: Record<string, string>) => Promise<void>;
}) {
  const [email, setEmail] = useState('');
  const [secretKind, setSecretKind] = useState<SecretKind>('password');
  const [secret, setSecret] = useState('');
  const [otp, setOtp] = useState('');
  const [asksForCode, setAsksForCode] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refusedKind, setRefusedKind] = useState<SecretKind>();
  const [busy, setBusy] = useState(false);

  function choose(kind: SecretKind) {
    setSecretKind(kind);
    setSecret('');
    setAsksForCode(false);
    setOtp('');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(
        secretKind === 'token'
          ? { email, token: secret }
          : { email, password: secret, ...(asksForCode ? { otp: otp.trim() } : {}) },
      );
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'mfa-required') {
        // The password was right: the next step, not a failure. The code field says what to type.
        setAsksForCode(true);
        return;
      }
      setError(caught);
      setRefusedKind(secretKind);
      if (caught instanceof ApiError && caught.code === 'invalid-otp') setOtp('');
      else {
        setSecret('');
        setAsksForCode(false);
        setOtp('');
      }
    } finally {
      setBusy(false);
    }
  }

  const code = error instanceof ApiError ? error.code : undefined;
  const codeRefused = code === 'invalid-otp';
  const ssoUrl =
    organizationSsoUrl ??
    (email
      ? `/sso/login?${new URLSearchParams({ email, surface: 'console', pstExportId: exportId })}`
      : undefined);
  const secretLabel = secretKind === 'password' ? 'Fail-safe password' : 'API token';
  return (
    <Form onSubmit={submit} aria-label="Sign in to download">
      {error !== undefined && !codeRefused && (
        <Alert variant="danger" isInline title={messageOf(error)} role="alert">
          {code === 'invalid-credentials' && refusedKind && WRONG_SECRET_HINTS[refusedKind]}
        </Alert>
      )}
      <FormGroup label="Email" fieldId="download-email" isRequired>
        <TextInput
          id="download-email"
          type="email"
          autoComplete="username"
          isRequired
          maxLength={254}
          value={email}
          onChange={(_event, value) => setEmail(value)}
        />
      </FormGroup>
      <FormGroup label="Sign in with" fieldId="download-secret-kind" role="group">
        <ToggleGroup aria-label="Sign in with">
          <ToggleGroupItem
            text="Fail-safe password"
            isSelected={secretKind === 'password'}
            onChange={() => choose('password')}
          />
          <ToggleGroupItem
            text="API token"
            isSelected={secretKind === 'token'}
            onChange={() => choose('token')}
          />
        </ToggleGroup>
      </FormGroup>
      <FormGroup label={secretLabel} fieldId="download-secret" isRequired>
        <TextInput
          id="download-secret"
          type="password"
          autoComplete={secretKind === 'password' ? 'current-password' : 'off'}
          isRequired
          maxLength={1000}
          value={secret}
          onChange={(_event, value) => setSecret(value)}
        />
      </FormGroup>
      {asksForCode && (
        <FormGroup label="Authentication code" fieldId="download-otp" isRequired>
          <TextInput
            id="download-otp"
            autoComplete="one-time-code"
            autoFocus
            isRequired
            maxLength={64}
            value={otp}
            validated={codeRefused ? 'error' : 'default'}
            aria-describedby="download-otp-helper"
            onChange={(_event, value) => setOtp(value)}
          />
          <FormHelperText>
            <HelperText id="download-otp-helper">
              <HelperTextItem variant={codeRefused ? 'error' : 'default'}>
                {codeRefused
                  ? messageOf(error)
                  : 'Your account has two-factor authentication: the 6 digits your authenticator app shows, or one of your recovery codes.'}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      )}
      <ActionGroup>
        <Button type="submit" isLoading={busy}>
          Download
        </Button>
        <Button
          component="a"
          variant={code === 'sso-required' ? 'primary' : 'secondary'}
          href={ssoUrl}
          isAriaDisabled={!ssoUrl}
        >
          Sign in with SSO
        </Button>
      </ActionGroup>
      <Content component="small">
        {organizationSsoUrl
          ? 'Your organisation uses single sign-on: Sign in with SSO and you come back here to download.'
          : 'Organisations with single sign-on: type your email, then Sign in with SSO; you come back here to download.'}{' '}
        API tokens are made in the console under Settings → APIs.
      </Content>
    </Form>
  );
}
