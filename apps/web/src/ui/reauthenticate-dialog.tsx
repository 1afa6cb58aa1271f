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
import { type FormEvent, useState } from 'react';

import { api, ApiError } from '../api';
import { passkeyAssertion, passkeysSupported } from '../lib/passkeys';
import { messageOf } from './errors';

/**
 * Step-up: a sensitive action answered `reauthentication-required`. The administrator (or, in
 * the portal, the end user) proves it is them again, with a code or a passkey when they have a
 * second factor, else with their password; `onDone(true)` then lets the action be sent again.
 */
export function ReauthenticateDialog({
  withCode,
  withPasskey = false,
  path = '/api/console/mfa/reauthenticate',
  onDone,
}: {
  /** Where the proof goes: the console's step-up, or the portal's. */
  path?: string;
  /** The account has an authenticator app: a code proves it, a password alone would not. */
  withCode: boolean;
  /** The account has passkeys: one proves it (without a code field when there is no app). */
  withPasskey?: boolean;
  onDone: (reauthenticated: boolean) => void;
}) {
  const offerPasskey = withPasskey && passkeysSupported();
  const secretField = withCode || !withPasskey;
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await prove(() => (withCode ? { otp: secret.trim() } : { password: secret }));
  }

  async function prove(proof: () => Promise<object> | object) {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', path, await proof());
      onDone(true);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const refused =
    secretField &&
    error instanceof ApiError &&
    ['invalid-otp', 'invalid-credentials'].includes(error.code);
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
            {!secretField
              ? 'Use one of your passkeys.'
              : withCode
                ? 'Type a code from your authenticator app (or a recovery code).'
                : 'Type your password.'}
          </p>
          {error !== undefined && !refused && (
            <Alert variant="danger" isInline isPlain title={messageOf(error)} role="alert" />
          )}
          {secretField && (
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
          )}
        </Form>
      </ModalBody>
      <ModalFooter>
        {secretField && (
          <Button
            type="submit"
            form="reauthenticate-form"
            isLoading={busy}
            isDisabled={busy || !secret}
          >
            Continue
          </Button>
        )}
        {offerPasskey && (
          <Button
            variant={secretField ? 'secondary' : 'primary'}
            isLoading={busy && !secretField}
            isDisabled={busy}
            onClick={() => prove(async () => ({ passkey: await passkeyAssertion() }))}
          >
            Use a passkey
          </Button>
        )}
        <Button variant="link" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
