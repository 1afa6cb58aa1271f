import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';

import { api, ApiError } from '../api';
import { messageOf } from '../ui/errors';

/**
 * Step-up: a sensitive action answered `reauthentication-required`. The administrator proves
 * it is them again, with a code when they have a second factor, else with their password;
 * `onDone(true)` then lets the action be sent again.
 */
export function ReauthenticateDialog({
  withCode,
  onDone,
}: {
  /** The account has a second factor: a code proves it, a password alone would not. */
  withCode: boolean;
  onDone: (reauthenticated: boolean) => void;
}) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api(
        'POST',
        '/api/console/mfa/reauthenticate',
        withCode ? { otp: secret.trim() } : { password: secret },
      );
      onDone(true);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const refused =
    error instanceof ApiError && ['invalid-otp', 'invalid-credentials'].includes(error.code);
  const label = withCode ? 'Authentication code' : 'Password';
  return (
    <Modal
      isOpen
      variant="small"
      onClose={() => onDone(false)}
      aria-labelledby="reauthenticate-title"
      aria-describedby="reauthenticate-body"
    >
      <ModalHeader title="Confirm it is you" labelId="reauthenticate-title" />
      <ModalBody id="reauthenticate-body">
        <Form id="reauthenticate-form" onSubmit={submit}>
          <p>
            This change needs a recent sign-in.{' '}
            {withCode
              ? 'Type a code from your authenticator app (or a recovery code).'
              : 'Type your password.'}
          </p>
          {error !== undefined && !refused && (
            <Alert variant="danger" isInline isPlain title={messageOf(error)} role="alert" />
          )}
          <FormGroup label={label} fieldId="reauthenticate-secret" isRequired>
            <TextInput
              id="reauthenticate-secret"
              type={withCode ? 'text' : 'password'}
              autoComplete={withCode ? 'one-time-code' : 'current-password'}
              autoFocus
              isRequired
              value={secret}
              validated={refused ? 'error' : 'default'}
              aria-describedby={refused ? 'reauthenticate-secret-helper' : undefined}
              onChange={(_event, value) => setSecret(value)}
            />
            {refused && (
              <FormHelperText>
                <HelperText id="reauthenticate-secret-helper">
                  <HelperTextItem variant="error">{messageOf(error)}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="reauthenticate-form"
          isLoading={busy}
          isDisabled={busy || !secret}
        >
          Continue
        </Button>
        <Button variant="link" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
