import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  Form,
  FormGroup,
  TextInput,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, useState } from 'react';

import type { PasskeyView } from '@coffer/contracts';

import { api } from '../api';
import { formatDateTime } from '../lib/format';
import { passkeysSupported, registerPasskey } from '../lib/passkeys';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { messageOf } from '../ui/errors';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { useLoad } from './use-load';

/**
 * The signed-in administrator's passkeys: a second factor after the password, and a way in
 * without one. Adding or removing one may first ask "Confirm it is you" (step-up).
 */
export function PasskeysSection({ onChanged }: { onChanged: () => Promise<void> }) {
  const toasts = useToasts();
  const passkeys = useLoad(
    () => api<{ passkeys: PasskeyView[] }>('GET', '/api/console/mfa/passkeys'),
    [],
  );
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<PasskeyView>();
  const supported = passkeysSupported();

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const added = await registerPasskey(name.trim());
      toasts.success(`The passkey ${added.name} was added.`);
      setName('');
      await Promise.all([passkeys.reload(), onChanged()]);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function remove(passkey: PasskeyView) {
    try {
      await api('DELETE', `/api/console/mfa/passkeys/${encodeURIComponent(passkey.id)}`);
      toasts.success(`The passkey ${passkey.name} was removed.`);
      setRemoving(undefined);
      await Promise.all([passkeys.reload(), onChanged()]);
    } catch (caught) {
      setRemoving(undefined);
      toasts.failure(caught);
    }
  }

  const list = passkeys.data?.passkeys;
  return (
    <Card>
      <CardTitle component="h2">Passkeys</CardTitle>
      <CardBody>
        <Content component="p">
          A passkey on this device or a security key signs you in with a touch, a PIN or your
          fingerprint: instead of a code after your password, or without the password.
        </Content>
        {passkeys.error !== undefined ? (
          <LoadFailed error={passkeys.error} onRetry={passkeys.reload} />
        ) : !list ? (
          <TableSkeleton label="Loading your passkeys" rows={1} />
        ) : list.length === 0 ? (
          <Empty title="No passkeys yet">Add one below.</Empty>
        ) : (
          <Table role="table" aria-label="Your passkeys" variant="compact">
            <Thead>
              <Tr>
                <Th modifier="wrap">Name</Th>
                <Th modifier="wrap">Added</Th>
                <Th modifier="wrap">Last used</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {list.map((passkey) => (
                <Tr key={passkey.id}>
                  <Td dataLabel="Name">{passkey.name}</Td>
                  <Td dataLabel="Added">{formatDateTime(passkey.createdAt)}</Td>
                  <Td dataLabel="Last used">
                    {passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt) : 'Never'}
                  </Td>
                  <Td dataLabel="Actions">
                    <Button
                      variant="secondary"
                      isDanger
                      size="sm"
                      onClick={() => setRemoving(passkey)}
                      aria-label={`Remove ${passkey.name}`}
                    >
                      Remove
                    </Button>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        {!supported ? (
          <Alert variant="info" isInline isPlain title="This browser cannot create passkeys." />
        ) : (
          <Form onSubmit={add} aria-label="Add a passkey" className="passkey-form">
            {error !== undefined && (
              <Alert variant="danger" isInline isPlain title={messageOf(error)} role="alert" />
            )}
            <FormGroup label="Passkey name" fieldId="passkey-name" isRequired>
              <TextInput
                id="passkey-name"
                isRequired
                maxLength={80}
                placeholder="Work laptop"
                value={name}
                onChange={(_event, value) => setName(value)}
              />
            </FormGroup>
            <div>
              <Button type="submit" isLoading={busy} isDisabled={busy || !name.trim()}>
                Add a passkey
              </Button>
            </div>
          </Form>
        )}
      </CardBody>
      {removing && (
        <ConfirmDialog
          title={`Remove the passkey ${removing.name}?`}
          confirmLabel="Remove"
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(undefined)}
        >
          It will no longer sign you in. Remove it from the device too if you no longer use it.
        </ConfirmDialog>
      )}
    </Card>
  );
}
