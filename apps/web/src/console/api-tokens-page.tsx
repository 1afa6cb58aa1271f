import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  ClipboardCopy,
  Content,
  DatePicker,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, useState } from 'react';

import type {
  ApiTokenLimits,
  ApiTokenStatus,
  ApiTokenView,
  ApiTokenWithSecret,
} from '@coffer/contracts';
import { createApiTokenBody } from '@coffer/contracts/browser';

import { api } from '../api';
import { formatDateTime } from '../lib/format';
import { endOfLocalDay } from '../lib/local-days';
import {
  DEFAULT_TOKEN_MAX_DAYS,
  describeExpiry,
  expiryBounds,
  expiryChoices,
  expiryDayIn,
  expiryProblem,
} from '../lib/token-expiry';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ConsolePage } from '../ui/console-page';
import { FieldHelp, useFieldErrors } from '../ui/field-errors';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { SubmissionError, useSubmission } from '../ui/submission';
import { useToasts } from '../ui/toasts';
import { useLoad } from './use-load';

const STATUS: Record<ApiTokenStatus, { label: string; color: 'green' | 'grey' | 'orange' }> = {
  active: { label: 'Active', color: 'green' },
  revoked: { label: 'Revoked', color: 'grey' },
  expired: { label: 'Expired', color: 'orange' },
};

/** Settings → APIs: create a token with an expiry the service accepts, copy a valid one, revoke (asked first). */
export default function ApiTokensPage() {
  const toasts = useToasts();
  const tokens = useLoad(() => api<ApiTokenView[]>('GET', '/api/console/api-tokens'), []);
  const limits = useLoad(() => api<ApiTokenLimits>('GET', '/api/console/api-tokens/limits'), []);
  const [secret, setSecret] = useState<{ tokenId: string; name: string; value: string }>();
  const [revoking, setRevoking] = useState<ApiTokenView>();

  async function copy(token: ApiTokenView) {
    try {
      const { secret: value } = await api<ApiTokenWithSecret>(
        'GET',
        `/api/console/api-tokens/${token.id}/secret`,
      );
      setSecret({ tokenId: token.id, name: token.name, value });
      try {
        await navigator.clipboard.writeText(value);
        toasts.success(
          `Copied the token ${token.name}.`,
          'Paste it as the password, with your email.',
        );
      } catch {
        toasts.info(`The token ${token.name} is shown below`, 'Copy it from there.');
      }
    } catch (caught) {
      toasts.failure(caught);
    }
  }

  async function revoke(token: ApiTokenView) {
    try {
      await api('DELETE', `/api/console/api-tokens/${token.id}`);
      // A revoked token's secret is of no use and should not stay on screen.
      setSecret((shown) => (shown?.tokenId === token.id ? undefined : shown));
      toasts.success(`The token ${token.name} is revoked; it stopped working at once.`);
      await tokens.reload();
    } catch (caught) {
      toasts.failure(caught);
    } finally {
      setRevoking(undefined);
    }
  }

  return (
    <ConsolePage
      title="APIs"
      description="API tokens sign in scripts and PST downloads: use your email with a token as the password."
    >
      <CreateTokenCard
        maxDays={limits.data?.maxDays ?? DEFAULT_TOKEN_MAX_DAYS}
        onCreated={async (created) => {
          setSecret({ tokenId: created.token.id, name: created.token.name, value: created.secret });
          await tokens.reload();
        }}
      />
      {secret && (
        <Alert
          isInline
          variant="info"
          className="secret"
          title={`Token ${secret.name}`}
          actionClose={
            <Button
              variant="plain"
              aria-label="Hide the token"
              onClick={() => setSecret(undefined)}
            >
              Hide
            </Button>
          }
        >
          <Content component="p">Use it with your email as the password. Keep it secret.</Content>
          <ClipboardCopy
            isReadOnly
            hoverTip="Copy"
            clickTip="Copied"
            textAriaLabel="Token value"
            toggleAriaLabel="Show the whole token"
          >
            {secret.value}
          </ClipboardCopy>
        </Alert>
      )}
      <Card className="after-card">
        <CardTitle component="h2">Your API tokens</CardTitle>
        <CardBody>
          {tokens.error ? (
            <LoadFailed error={tokens.error} onRetry={tokens.reload} />
          ) : !tokens.data ? (
            <TableSkeleton label="Loading tokens" rows={2} />
          ) : tokens.data.length === 0 ? (
            <Empty title="No tokens yet">
              Create one above to download PST exports or call the API.
            </Empty>
          ) : (
            <Table role="table" aria-label="Your API tokens" variant="compact">
              <Thead>
                <Tr>
                  <Th modifier="wrap">Name</Th>
                  <Th modifier="wrap">Ends with</Th>
                  <Th modifier="wrap">Expires</Th>
                  <Th modifier="wrap">Last used</Th>
                  <Th modifier="wrap">Status</Th>
                  <Th screenReaderText="Actions" />
                </Tr>
              </Thead>
              <Tbody>
                {tokens.data.map((token) => (
                  <Tr key={token.id}>
                    <Td dataLabel="Name">{token.name}</Td>
                    <Td dataLabel="Ends with">…{token.lastFour}</Td>
                    <Td dataLabel="Expires">{describeExpiry(token.expiresAt)}</Td>
                    <Td dataLabel="Last used">
                      {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}
                    </Td>
                    <Td dataLabel="Status">
                      <Label color={STATUS[token.status].color}>{STATUS[token.status].label}</Label>
                    </Td>
                    <Td dataLabel="Actions">
                      {token.status === 'active' && (
                        <>
                          <Button
                            variant="secondary"
                            size="sm"
                            onClick={() => void copy(token)}
                            aria-label={`Copy Token ${token.name}`}
                          >
                            Copy Token
                          </Button>{' '}
                          <Button
                            variant="secondary"
                            isDanger
                            size="sm"
                            onClick={() => setRevoking(token)}
                            aria-label={`Revoke ${token.name}`}
                          >
                            Revoke
                          </Button>
                        </>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>
      {revoking && (
        <ConfirmDialog
          title={`Revoke the token ${revoking.name}?`}
          confirmLabel="Revoke token"
          onConfirm={() => revoke(revoking)}
          onClose={() => setRevoking(undefined)}
        >
          Scripts and downloads that use it stop working at once. This cannot be undone.
        </ConfirmDialog>
      )}
    </ConsolePage>
  );
}

/** The name is checked as the gateway checks it; the expiry has a check of its own, against the service's limit. */
const tokenNameSchema = createApiTokenBody.pick({ name: true });

function CreateTokenCard({
  maxDays,
  onCreated,
}: {
  /** Until the limits have loaded, the tokens service's default: it refuses what is beyond. */
  maxDays: number;
  onCreated: (created: ApiTokenWithSecret) => Promise<void>;
}) {
  const toasts = useToasts();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(() => expiryDayIn(30, new Date(), maxDays));
  const { error, busy, submit } = useSubmission();
  const bounds = expiryBounds(new Date(), maxDays);
  const problem = expiryProblem(expires, new Date(), maxDays);
  const fields = useFieldErrors(tokenNameSchema);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!fields.check({ name }) || problem) return;
    await submit(async () => {
      try {
        const created = await api<ApiTokenWithSecret>('POST', '/api/console/api-tokens', {
          name,
          // The token lasts to the end of the chosen day, in the administrator's time zone.
          expiresAt: endOfLocalDay(expires)!.toISOString(),
        });
        toasts.success(`The token ${created.token.name} was created.`);
        setName('');
        await onCreated(created);
      } catch (caught) {
        if (!fields.takeFrom(caught)) throw caught;
      }
    });
  }

  return (
    <Card>
      <CardTitle component="h2">Create new token</CardTitle>
      <CardBody>
        <Form onSubmit={create} aria-label="Create new token" noValidate>
          <SubmissionError error={error} />
          <FormGroup label="Token name" fieldId="token-name" isRequired>
            <TextInput
              id="token-name"
              isRequired
              maxLength={100}
              value={name}
              validated={fields.validated('name')}
              onChange={(_event, value) => {
                setName(value);
                fields.clear('name');
              }}
            />
            <FieldHelp error={fields.errors.name} />
          </FormGroup>
          <FormGroup label="Expires on" fieldId="token-expires" isRequired>
            <ToggleGroup aria-label="Expires in" className="expiry-choices">
              {expiryChoices(maxDays).map((days) => (
                <ToggleGroupItem
                  key={days}
                  text={`${days} days`}
                  isSelected={expires === expiryDayIn(days, new Date(), maxDays)}
                  onChange={() => setExpires(expiryDayIn(days, new Date(), maxDays))}
                />
              ))}
            </ToggleGroup>
            <DatePicker
              value={expires}
              onChange={(_event, value) => setExpires(value)}
              rangeStart={new Date(`${bounds.first}T00:00:00`)}
              inputProps={{ id: 'token-expires', 'aria-label': 'Expires on' }}
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem variant={problem ? 'error' : 'default'}>
                  {problem ??
                    `The token works until the end of that day; at most until ${bounds.last}.`}
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <ActionGroup>
            <Button type="submit" isLoading={busy} isDisabled={busy || Boolean(problem)}>
              Create new token
            </Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
