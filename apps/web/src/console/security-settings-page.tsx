import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  Content,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Switch,
  TextInput,
} from '@patternfly/react-core';
import { type FormEvent, useEffect, useState } from 'react';

import type { MfaPolicyView } from '@coffer/contracts';

import { api } from '../api';
import { formatDateTime } from '../lib/format';
import { ConsolePage } from '../ui/console-page';
import { messageOf } from '../ui/errors';
import { LoadFailed, NotAllowed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { isCloudAdministrator, useAdministrator } from './administrator-context';
import { useLoad } from './use-load';

const DEFAULT_GRACE_DAYS = 7;
const MAX_GRACE_DAYS = 90;

/** Settings → Security (cloud administrators): whether administrators must have a second factor. */
export default function SecuritySettingsPage() {
  const me = useAdministrator();
  if (!isCloudAdministrator(me)) {
    return (
      <ConsolePage title="Security">
        <NotAllowed what="change the security policy" />
      </ConsolePage>
    );
  }
  return <MfaPolicyForm />;
}

function MfaPolicyForm() {
  const toasts = useToasts();
  const policy = useLoad(() => api<MfaPolicyView>('GET', '/api/console/mfa/policy'), []);
  const [required, setRequired] = useState(false);
  const [graceDays, setGraceDays] = useState(String(DEFAULT_GRACE_DAYS));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (policy.data) setRequired(policy.data.requiredForAdministrators);
  }, [policy.data]);

  const days = Number(graceDays);
  const daysValid =
    !required ||
    (graceDays.trim() !== '' && Number.isInteger(days) && days >= 0 && days <= MAX_GRACE_DAYS);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api<MfaPolicyView>('PUT', '/api/console/mfa/policy', {
        requiredForAdministrators: required,
        ...(required ? { graceDays: days } : {}),
      });
      toasts.success('The security policy was saved.');
      await policy.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const current = policy.data;
  return (
    <ConsolePage
      title="Security"
      description="What your organisation asks of administrators when they sign in with a password."
    >
      <Card>
        <CardBody>
          {policy.error !== undefined ? (
            <LoadFailed error={policy.error} onRetry={policy.reload} />
          ) : !current ? (
            <TableSkeleton label="Loading the policy" rows={2} />
          ) : (
            <Form onSubmit={save} aria-label="Multi-factor authentication policy">
              <Content component="p" id="mfa-policy-now">
                {current.requiredForAdministrators
                  ? current.graceUntil
                    ? `Administrators must have a second factor. Those without one may sign in with their password alone until ${formatDateTime(current.graceUntil)}.`
                    : 'Administrators must have a second factor.'
                  : 'Administrators may sign in with their password alone.'}
              </Content>
              {error !== undefined && (
                <Alert variant="danger" isInline isPlain title={messageOf(error)} role="alert" />
              )}
              <FormGroup
                label="Two-factor authentication"
                fieldId="mfa-policy-required"
                role="group"
              >
                <Switch
                  id="mfa-policy-required"
                  label="Require two-factor authentication for administrators"
                  isChecked={required}
                  onChange={(_event, checked) => setRequired(checked)}
                />
                <FormHelperText>
                  <HelperText>
                    <HelperTextItem>
                      An authenticator app or a passkey. Single sign-on relies on your identity
                      provider&apos;s own factor.
                    </HelperTextItem>
                  </HelperText>
                </FormHelperText>
              </FormGroup>
              {required && (
                <FormGroup label="Grace period (days)" fieldId="mfa-policy-grace" isRequired>
                  <TextInput
                    id="mfa-policy-grace"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={MAX_GRACE_DAYS}
                    isRequired
                    value={graceDays}
                    validated={daysValid ? 'default' : 'error'}
                    aria-describedby="mfa-policy-grace-helper"
                    onChange={(_event, value) => setGraceDays(value)}
                  />
                  <FormHelperText>
                    <HelperText id="mfa-policy-grace-helper">
                      <HelperTextItem variant={daysValid ? 'default' : 'error'}>
                        {daysValid
                          ? 'From now: administrators without a second factor are reminded to set one up, then can reach only that page. 0 for none.'
                          : `A whole number of days from 0 to ${MAX_GRACE_DAYS}.`}
                      </HelperTextItem>
                    </HelperText>
                  </FormHelperText>
                </FormGroup>
              )}
              <ActionGroup>
                <Button type="submit" isLoading={busy} isDisabled={busy || !daysValid}>
                  Save
                </Button>
              </ActionGroup>
            </Form>
          )}
        </CardBody>
      </Card>
    </ConsolePage>
  );
}
