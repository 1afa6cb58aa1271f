import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  Skeleton,
  Stack,
  StackItem,
} from '@patternfly/react-core';
import { useState } from 'react';

import type { MfaStatus, RecoveryCodesRegenerated, TotpEnrolment } from '@coffer/contracts';

import { api } from '../api';
import { formatDateTime } from '../lib/format';
import { ConsolePage } from '../ui/console-page';
import { messageOf } from '../ui/errors';
import { LoadFailed } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { RecoveryCodesStep, ScanStep } from '../ui/totp-enrolment';
import { useConsoleSession } from './console-session-context';
import { PasskeysSection } from './passkeys-section';
import { useLoad } from './use-load';

type Step =
  | { kind: 'status' }
  | { kind: 'scanning'; enrolment: TotpEnrolment }
  | { kind: 'saving-codes'; recoveryCodes: string[]; replaced?: boolean };

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

  /** New codes (step-up first, asked by the layout's recovery); the old ones stop working. */
  async function replaceCodes() {
    setStarting(true);
    setStartError(undefined);
    try {
      const answer = await api<RecoveryCodesRegenerated>('POST', '/api/console/mfa/recovery-codes');
      setStep({ kind: 'saving-codes', recoveryCodes: answer.recoveryCodes, replaced: true });
    } catch (caught) {
      setStartError(caught);
    } finally {
      setStarting(false);
    }
  }

  async function finish(replaced?: boolean) {
    setStep({ kind: 'status' });
    toasts.success(
      replaced
        ? 'New recovery codes: the old ones no longer work'
        : 'Two-factor authentication is on',
    );
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
          confirmPath="/api/console/mfa/totp/confirm"
          onConfirmed={(confirmed) =>
            setStep({ kind: 'saving-codes', recoveryCodes: confirmed.recoveryCodes })
          }
          onCancel={() => setStep({ kind: 'status' })}
        />
      ) : step.kind === 'saving-codes' ? (
        <RecoveryCodesStep
          recoveryCodes={step.recoveryCodes}
          onDone={() => finish(step.replaced)}
        />
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
          {status.totp && (
            <StackItem>
              <Button
                variant="secondary"
                onClick={replaceCodes}
                isLoading={starting}
                isDisabled={starting}
              >
                New recovery codes
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
