import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  ClipboardCopy,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  List,
  ListItem,
  Skeleton,
  Stack,
  StackItem,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { type FormEvent, useState } from 'react';

import type { MfaStatus, TotpEnrolment, TotpEnrolmentConfirmed } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { formatDateTime } from '../lib/format';
import { ConsolePage } from '../ui/console-page';
import { messageOf } from '../ui/errors';
import { LoadFailed } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { useConsoleSession } from './console-session-context';
import { PasskeysSection } from './passkeys-section';
import { useLoad } from './use-load';

type Step =
  | { kind: 'status' }
  | { kind: 'scanning'; enrolment: TotpEnrolment }
  | { kind: 'saving-codes'; recoveryCodes: string[] };

/**
 * The signed-in administrator's second factor: its status, and setting up an authenticator
 * app (QR code or its URI, a first code), after which the ten recovery codes are shown once.
 */
export default function TwoFactorPage() {
  const session = useConsoleSession();
  const toasts = useToasts();
  const {
    data: status,
    error,
    reload,
  } = useLoad(() => api<MfaStatus>('GET', '/api/console/mfa'), []);
  const [step, setStep] = useState<Step>({ kind: 'status' });
  const [startError, setStartError] = useState<unknown>();
  const [starting, setStarting] = useState(false);

  async function start() {
    setStarting(true);
    setStartError(undefined);
    try {
      setStep({ kind: 'scanning', enrolment: await api('POST', '/api/console/mfa/totp') });
    } catch (caught) {
      setStartError(caught);
    } finally {
      setStarting(false);
    }
  }

  async function finish() {
    setStep({ kind: 'status' });
    toasts.success('Two-factor authentication is on');
    await Promise.all([reload(), session.refresh()]);
  }

  return (
    <ConsolePage
      title="Two-factor authentication"
      description="A code from an authenticator app or a passkey, asked at sign-in after your password."
    >
      {error !== undefined ? (
        <LoadFailed error={error} onRetry={reload} />
      ) : !status ? (
        <Skeleton screenreaderText="Loading the status" height="6rem" />
      ) : step.kind === 'scanning' ? (
        <ScanStep
          enrolment={step.enrolment}
          onConfirmed={(confirmed) =>
            setStep({ kind: 'saving-codes', recoveryCodes: confirmed.recoveryCodes })
          }
          onCancel={() => setStep({ kind: 'status' })}
        />
      ) : step.kind === 'saving-codes' ? (
        <RecoveryCodesStep recoveryCodes={step.recoveryCodes} onDone={finish} />
      ) : (
        <Stack hasGutter>
          <StackItem>
            <StatusList status={status} />
          </StackItem>
          {startError !== undefined && (
            <StackItem>
              <Alert variant="danger" isInline title={messageOf(startError)} role="alert" />
            </StackItem>
          )}
          {!status.totp && (
            <StackItem>
              <Button onClick={start} isLoading={starting} isDisabled={starting}>
                Set up
              </Button>
            </StackItem>
          )}
          <StackItem>
            <PasskeysSection
              onChanged={async () => {
                await Promise.all([reload(), session.refresh()]);
              }}
            />
          </StackItem>
        </Stack>
      )}
    </ConsolePage>
  );
}

function StatusList({ status }: { status: MfaStatus }) {
  return (
    <DescriptionList isHorizontal aria-label="Two-factor authentication status">
      <DescriptionListGroup>
        <DescriptionListTerm>Status</DescriptionListTerm>
        <DescriptionListDescription>
          {status.enrolled ? (
            <Label color="green">On: {factorsOf(status)}</Label>
          ) : (
            <Label color={status.enrolmentOverdue ? 'red' : 'grey'}>Off</Label>
          )}
        </DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>Your organisation</DescriptionListTerm>
        <DescriptionListDescription>
          {status.required ? 'Requires it for administrators' : 'Does not require it'}
        </DescriptionListDescription>
      </DescriptionListGroup>
      {status.required && !status.enrolled && status.enrolBy && (
        <DescriptionListGroup>
          <DescriptionListTerm>Set it up by</DescriptionListTerm>
          <DescriptionListDescription>
            {status.enrolmentOverdue
              ? `${formatDateTime(status.enrolBy)} (overdue: the console opens again once it is set up)`
              : formatDateTime(status.enrolBy)}
          </DescriptionListDescription>
        </DescriptionListGroup>
      )}
      {status.totp && (
        <DescriptionListGroup>
          <DescriptionListTerm>Recovery codes left</DescriptionListTerm>
          <DescriptionListDescription>{status.recoveryCodesLeft} of 10</DescriptionListDescription>
        </DescriptionListGroup>
      )}
    </DescriptionList>
  );
}

function factorsOf(status: MfaStatus): string {
  const passkeys =
    status.passkeys === 0
      ? []
      : [status.passkeys === 1 ? '1 passkey' : `${status.passkeys} passkeys`];
  return [...(status.totp ? ['authenticator app'] : []), ...passkeys].join(', ');
}

function ScanStep({
  enrolment,
  onConfirmed,
  onCancel,
}: {
  enrolment: TotpEnrolment;
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
        await api<TotpEnrolmentConfirmed>('POST', '/api/console/mfa/totp/confirm', {
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

function RecoveryCodesStep({
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
