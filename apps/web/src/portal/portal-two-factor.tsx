import { Alert, Button, Content, Skeleton, Stack, StackItem } from '@patternfly/react-core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { MfaStatus, RecoveryCodesRegenerated, TotpEnrolment } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { formatDateTime } from '../lib/format';
import { messageOf } from '../ui/errors';
import { ReauthenticateDialog } from '../ui/reauthenticate-dialog';
import { StandalonePage } from '../ui/standalone-page';
import { LoadFailed } from '../ui/states';
import { RecoveryCodesStep, ScanStep } from '../ui/totp-enrolment';

type Step =
  | { kind: 'status' }
  | { kind: 'scanning'; enrolment: TotpEnrolment }
  | { kind: 'saving-codes'; recoveryCodes: string[] };

/**
 * An end user's second factor: set up an authenticator app (the same steps as the console's,
 * against /api/portal/mfa), or replace the recovery codes (step-up first). Reached from the
 * home page's banner, and straight after sign-in once the organisation's grace period is over.
 */
export default function PortalTwoFactor() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<MfaStatus>();
  const [loadError, setLoadError] = useState<unknown>();
  const [step, setStep] = useState<Step>({ kind: 'status' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [stepUp, setStepUp] = useState(false);

  const load = useCallback(() => {
    api<MfaStatus>('GET', '/api/portal/mfa').then(setStatus, (caught: unknown) => {
      if (caught instanceof ApiError && caught.status === 401) navigate('/portal/sign-in');
      else setLoadError(caught);
    });
  }, [navigate]);
  useEffect(load, [load]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'reauthentication-required')
        setStepUp(true);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const start = () =>
    run(async () =>
      setStep({ kind: 'scanning', enrolment: await api('POST', '/api/portal/mfa/totp') }),
    );
  const replaceCodes = () =>
    run(async () => {
      const answer = await api<RecoveryCodesRegenerated>('POST', '/api/portal/mfa/recovery-codes');
      setStep({ kind: 'saving-codes', recoveryCodes: answer.recoveryCodes });
    });

  return (
    <StandalonePage
      title="Two-factor authentication"
      area="Coffer web portal"
      intro="A code from an authenticator app, asked at sign-in after your password."
    >
      {loadError !== undefined ? (
        <LoadFailed error={loadError} onRetry={load} />
      ) : !status ? (
        <Skeleton screenreaderText="Loading the status" height="6rem" />
      ) : step.kind === 'scanning' ? (
        <ScanStep
          enrolment={step.enrolment}
          confirmPath="/api/portal/mfa/totp/confirm"
          onConfirmed={(confirmed) =>
            setStep({ kind: 'saving-codes', recoveryCodes: confirmed.recoveryCodes })
          }
          onCancel={() => setStep({ kind: 'status' })}
        />
      ) : step.kind === 'saving-codes' ? (
        <RecoveryCodesStep
          recoveryCodes={step.recoveryCodes}
          onDone={async () => {
            setStep({ kind: 'status' });
            load();
          }}
        />
      ) : (
        <Stack hasGutter>
          <StackItem>
            <Content component="p" id="portal-mfa-status">
              {status.totp
                ? `On: an authenticator app, ${status.recoveryCodesLeft} of 10 recovery codes left.`
                : status.required
                  ? status.enrolmentOverdue
                    ? 'Your organisation requires it: set it up to use the web portal again.'
                    : `Your organisation requires it: set it up by ${formatDateTime(status.enrolBy)}.`
                  : 'Off. You can set it up to protect your account.'}
            </Content>
          </StackItem>
          {error !== undefined && (
            <StackItem>
              <Alert variant="danger" isInline title={messageOf(error)} role="alert" />
            </StackItem>
          )}
          <StackItem>
            {status.totp ? (
              <Button variant="secondary" onClick={replaceCodes} isLoading={busy}>
                New recovery codes
              </Button>
            ) : (
              <Button onClick={start} isLoading={busy} isDisabled={busy}>
                Set up
              </Button>
            )}
          </StackItem>
          {!status.enrolmentOverdue && (
            <StackItem>
              <Link to="/portal">Back to the web portal</Link>
            </StackItem>
          )}
        </Stack>
      )}
      {stepUp && status && (
        <ReauthenticateDialog
          withCode={status.totp}
          path="/api/portal/mfa/reauthenticate"
          onDone={(reauthenticated) => {
            setStepUp(false);
            if (reauthenticated) void replaceCodes();
          }}
        />
      )}
    </StandalonePage>
  );
}
