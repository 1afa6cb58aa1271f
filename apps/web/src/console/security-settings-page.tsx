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

/** Settings → Security (cloud administrators): whether administrators, and end users, must have a second factor. */
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

/** One rule of the policy as the form edits it: on or off, and the grace period to start. */
interface RuleDraft {
  required: boolean;
  graceDays: string;
}

function daysOf(draft: RuleDraft): number | undefined {
  const days = Number(draft.graceDays);
  return draft.graceDays.trim() !== '' &&
    Number.isInteger(days) &&
    days >= 0 &&
    days <= MAX_GRACE_DAYS
    ? days
    : undefined;
}

function MfaPolicyForm() {
  const toasts = useToasts();
  const policy = useLoad(() => api<MfaPolicyView>('GET', '/api/console/mfa/policy'), []);
  const fresh = { required: false, graceDays: String(DEFAULT_GRACE_DAYS) };
  const [administrators, setAdministrators] = useState<RuleDraft>(fresh);
  const [users, setUsers] = useState<RuleDraft>(fresh);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!policy.data) return;
    setAdministrators((draft) => ({ ...draft, required: policy.data!.requiredForAdministrators }));
    setUsers((draft) => ({ ...draft, required: policy.data!.requiredForUsers }));
  }, [policy.data]);

  const valid =
    (!administrators.required || daysOf(administrators) !== undefined) &&
    (!users.required || daysOf(users) !== undefined);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api<MfaPolicyView>('PUT', '/api/console/mfa/policy', {
        requiredForAdministrators: administrators.required,
        ...(administrators.required ? { graceDays: daysOf(administrators) } : {}),
        requiredForUsers: users.required,
        ...(users.required ? { usersGraceDays: daysOf(users) } : {}),
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
      description="What your organisation asks of administrators and end users when they sign in with a password."
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
                {describeRule(
                  'Administrators',
                  current.requiredForAdministrators,
                  current.graceUntil,
                )}{' '}
                {describeRule('End users', current.requiredForUsers, current.usersGraceUntil)}
              </Content>
              {error !== undefined && (
                <Alert variant="danger" isInline isPlain title={messageOf(error)} role="alert" />
              )}
              <RuleFields
                id="mfa-policy"
                label="Require two-factor authentication for administrators"
                helper="An authenticator app or a passkey. Single sign-on relies on your identity provider's own factor."
                graceHelper="From now: administrators without a second factor are reminded to set one up, then can reach only that page. 0 for none."
                draft={administrators}
                onChange={setAdministrators}
              />
              <RuleFields
                id="mfa-policy-users"
                label="Require two-factor authentication for end users"
                helper="An authenticator app, asked at web portal sign-in with a password. Single sign-on relies on your identity provider's own factor."
                graceHelper="From now: end users without a second factor are reminded to set one up, then are sent to set it up at sign-in. 0 for none."
                draft={users}
                onChange={setUsers}
              />
              <ActionGroup>
                <Button type="submit" isLoading={busy} isDisabled={busy || !valid}>
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

function describeRule(who: string, required: boolean, graceUntil: string | null): string {
  if (!required) return `${who} may sign in with their password alone.`;
  return graceUntil
    ? `${who} must have a second factor. Those without one may sign in with their password alone until ${formatDateTime(graceUntil)}.`
    : `${who} must have a second factor.`;
}

function RuleFields({
  id,
  label,
  helper,
  graceHelper,
  draft,
  onChange,
}: {
  id: string;
  label: string;
  helper: string;
  graceHelper: string;
  draft: RuleDraft;
  onChange: (draft: RuleDraft) => void;
}) {
  const daysValid = daysOf(draft) !== undefined;
  return (
    <>
      <FormGroup label="Two-factor authentication" fieldId={`${id}-required`} role="group">
        <Switch
          id={`${id}-required`}
          label={label}
          isChecked={draft.required}
          onChange={(_event, checked) => onChange({ ...draft, required: checked })}
        />
        <FormHelperText>
          <HelperText>
            <HelperTextItem>{helper}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
      {draft.required && (
        <FormGroup label="Grace period (days)" fieldId={`${id}-grace`} isRequired>
          <TextInput
            id={`${id}-grace`}
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_GRACE_DAYS}
            isRequired
            value={draft.graceDays}
            validated={daysValid ? 'default' : 'error'}
            aria-describedby={`${id}-grace-helper`}
            onChange={(_event, value) => onChange({ ...draft, graceDays: value })}
          />
          <FormHelperText>
            <HelperText id={`${id}-grace-helper`}>
              <HelperTextItem variant={daysValid ? 'default' : 'error'}>
                {daysValid ? graceHelper : `A whole number of days from 0 to ${MAX_GRACE_DAYS}.`}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      )}
    </>
  );
}
