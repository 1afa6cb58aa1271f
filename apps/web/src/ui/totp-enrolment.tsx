import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  ClipboardCopy,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  List,
  ListItem,
  Stack,
  StackItem,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { type FormEvent, useState } from 'react';

import type { TotpEnrolment, TotpEnrolmentConfirmed } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { messageOf } from './errors';

/**
 * Setting up an authenticator app, the same in the console and the portal: the QR code (or its
 * URI) and a first code, confirmed at `confirmPath`; then the recovery codes, shown once.
 */
export function ScanStep({
  enrolment,
  confirmPath,
  onConfirmed,
  onCancel,
}: {
  enrolment: TotpEnrolment;
  /** `/api/console/mfa/totp/confirm` or `/api/portal/mfa/totp/confirm`. */
  confirmPath: string;
  onConfirmed: (confirmed: TotpEnrolmentConfirmed) => void;
  onCancel: () => void;
}) {
  const [otp, setOtp] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onConfirmed(
        await api<TotpEnrolmentConfirmed>('POST', confirmPath, {
          otp: otp.trim(),
        }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const codeRefused = error instanceof ApiError && error.code === 'invalid-otp';
  return (
    <Form onSubmit={confirm} aria-label="Set up an authenticator app">
      <Title headingLevel="h2">1. Scan the QR code with your authenticator app</Title>
      <img
        className="mfa-qr-code"
        src={enrolment.qrCodeDataUrl}
        alt="QR code of the secret for your authenticator app"
        width={200}
        height={200}
      />
      <FormGroup label="Or enter this setup key (URI)" fieldId="mfa-otpauth-uri">
        <ClipboardCopy
          id="mfa-otpauth-uri"
          isReadOnly
          hoverTip="Copy"
          clickTip="Copied"
          textAriaLabel="Setup key URI"
        >
          {enrolment.otpauthUri}
        </ClipboardCopy>
      </FormGroup>
      <Title headingLevel="h2">2. Type the code it shows</Title>
      {error !== undefined && !codeRefused && (
        <Alert variant="danger" isInline isPlain title={messageOf(error)} role="alert" />
      )}
      <FormGroup label="First code" fieldId="mfa-first-code" isRequired>
        <TextInput
          id="mfa-first-code"
          autoComplete="one-time-code"
          inputMode="numeric"
          isRequired
          value={otp}
          validated={codeRefused ? 'error' : 'default'}
          aria-describedby="mfa-first-code-helper"
          onChange={(_event, value) => setOtp(value)}
        />
        <FormHelperText>
          <HelperText id="mfa-first-code-helper">
            <HelperTextItem variant={codeRefused ? 'error' : 'default'}>
              {codeRefused ? messageOf(error) : 'Six digits; a new one every 30 seconds.'}
            </HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
      <ActionGroup>
        <Button type="submit" isLoading={busy} isDisabled={busy || !otp.trim()}>
          Confirm
        </Button>
        <Button variant="link" onClick={onCancel}>
          Cancel
        </Button>
      </ActionGroup>
    </Form>
  );
}

/** Recovery codes, shown once: after enrolment, and after they were replaced. */
export function RecoveryCodesStep({
  recoveryCodes,
  onDone,
}: {
  recoveryCodes: string[];
  onDone: () => Promise<void>;
}) {
  const [saved, setSaved] = useState(false);
  return (
    <Stack hasGutter>
      <StackItem>
        <Alert variant="warning" isInline title="Save your recovery codes now">
          Each code signs you in once if you lose your authenticator app. They are shown only this
          once; keep them somewhere safe, apart from your password.
        </Alert>
      </StackItem>
      <StackItem>
        <List aria-label="Recovery codes" className="recovery-codes" isPlain>
          {recoveryCodes.map((code) => (
            <ListItem key={code}>
              <code>{code}</code>
            </ListItem>
          ))}
        </List>
      </StackItem>
      <StackItem>
        <Checkbox
          id="mfa-codes-saved"
          label="I have saved them"
          isChecked={saved}
          onChange={(_event, checked) => setSaved(checked)}
        />
      </StackItem>
      <StackItem>
        <Button isDisabled={!saved} onClick={onDone}>
          Done
        </Button>
      </StackItem>
    </Stack>
  );
}
