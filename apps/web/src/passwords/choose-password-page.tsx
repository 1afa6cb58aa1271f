import { ActionGroup, Alert, Button, Form } from '@patternfly/react-core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import { api } from '../api';
import { NewPasswordFields, newPasswordReady } from '../ui/new-password-fields';
import { StandalonePage } from '../ui/standalone-page';
import { SubmissionError, useSubmission } from '../ui/submission';

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
  const [confirmation, setConfirmation] = useState('');
  const [done, setDone] = useState(false);
  const { error, busy, submit: send } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send(async () => {
      const path =
        purpose === 'user-setup' ? '/api/portal/password' : '/api/console/password-reset';
      await api('POST', path, { token, newPassword: password });
      setDone(true);
    });
  }

  // The same link serves a new administrator's invitation and a reset: words that fit both.
  const title =
    purpose === 'user-setup' ? 'Choose your password' : 'Choose your fail-safe password';
  const signIn = purpose === 'user-setup' ? '/portal/sign-in' : '/console/sign-in';
  return (
    <StandalonePage title={title} area={purpose === 'user-setup' ? 'Coffer' : 'Coffer console'}>
      {done ? (
        <>
          <Alert variant="success" isInline title="Your password is set." role="status" />
          <p className="after-alert">
            <Link to={signIn}>Sign in</Link>
          </p>
        </>
      ) : !token ? (
        <Alert variant="danger" isInline title="This link is incomplete.">
          Open the link from the email again, or ask for a new one.
        </Alert>
      ) : (
        <Form onSubmit={submit} aria-label={title}>
          {purpose === 'administrator-reset' && (
            <p>
              Your fail-safe password signs you in to the console with your email, also when your
              organisation&apos;s single sign-on is not available. The link works once.
            </p>
          )}
          <SubmissionError error={error} />
          <NewPasswordFields
            label="New password"
            password={password}
            confirmation={confirmation}
            onPassword={setPassword}
            onConfirmation={setConfirmation}
          />
          <ActionGroup>
            <Button
              type="submit"
              isLoading={busy}
              isDisabled={busy || !newPasswordReady(password, confirmation)}
            >
              Save password
            </Button>
          </ActionGroup>
        </Form>
      )}
    </StandalonePage>
  );
}
