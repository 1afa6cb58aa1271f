import {
  ActionGroup,
  Alert,
  Button,
  Content,
  Flex,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalHeader,
  Radio,
  TextInput,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, useState } from 'react';

import type {
  AdministratorListItem,
  AdministratorRole,
  AdministratorView,
} from '@coffer/contracts';

import { api } from '../api';
import { ROLE_LABELS } from '../lib/labels';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ConsolePage } from '../ui/console-page';
import { messageOf } from '../ui/errors';
import { LoadFailed, NotAllowed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { isCloudAdministrator, useAdministrator } from './administrator-context';
import { useLoad } from './use-load';

type Dialog =
  | { kind: 'create' }
  | { kind: 'role'; administrator: AdministratorView }
  | { kind: 'disable'; administrator: AdministratorView }
  | { kind: 'reset'; administrator: AdministratorView }
  | { kind: 'mfa-reset'; administrator: AdministratorView };

/**
 * Manage Administrators (cloud administrators): invite (the new one chooses their own password
 * from an emailed link), change role, disable and enable, Reset Password, reset MFA — each
 * destructive one behind a dialog.
 */
export default function AdministratorsPage() {
  const me = useAdministrator();
  if (!isCloudAdministrator(me)) {
    return (
      <ConsolePage title="Manage Administrators">
        <NotAllowed what="manage administrators" />
      </ConsolePage>
    );
  }
  return <AdministratorsList me={me} />;
}

function AdministratorsList({ me }: { me: AdministratorView }) {
  const toasts = useToasts();
  const administrators = useLoad(
    () => api<AdministratorListItem[]>('GET', '/api/console/administrators'),
    [],
  );
  const [dialog, setDialog] = useState<Dialog>();

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      toasts.success(done);
      setDialog(undefined);
      await administrators.reload();
    } catch (caught) {
      toasts.failure(caught);
    }
  }

  return (
    <ConsolePage
      title="Manage Administrators"
      description="Cloud Administrators manage everything; Product Administrators manage users, profiles and exports."
      actions={<Button onClick={() => setDialog({ kind: 'create' })}>Invite administrator</Button>}
    >
      {administrators.error ? (
        <LoadFailed error={administrators.error} onRetry={administrators.reload} />
      ) : !administrators.data ? (
        <TableSkeleton label="Loading administrators" rows={3} />
      ) : (
        <Table role="table" aria-label="Administrators" variant="compact">
          <Thead>
            <Tr>
              <Th>Email</Th>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {administrators.data.map((administrator) => (
              <Tr key={administrator.id}>
                <Td dataLabel="Email" modifier="breakWord">
                  {administrator.email}
                  {administrator.id === me.id && (
                    <Label isCompact className="inline-label">
                      You
                    </Label>
                  )}
                </Td>
                <Td dataLabel="Name">{administrator.name}</Td>
                <Td dataLabel="Role">{ROLE_LABELS[administrator.role]}</Td>
                <Td dataLabel="Status">
                  {administrator.status === 'disabled' ? (
                    <Label color="red">Disabled</Label>
                  ) : (
                    <Label color="green">Active</Label>
                  )}
                </Td>
                <Td dataLabel="Actions">
                  {administrator.id !== me.id && administrator.status === 'disabled' && (
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`Enable ${administrator.email}`}
                      onClick={() =>
                        void run(
                          () =>
                            api('POST', `/api/console/administrators/${administrator.id}/enable`),
                          `${administrator.email} can sign in again.`,
                        )
                      }
                    >
                      Enable
                    </Button>
                  )}
                  {administrator.id !== me.id && administrator.status !== 'disabled' && (
                    <Flex gap={{ default: 'gapSm' }}>
                      <Button
                        variant="secondary"
                        size="sm"
                        aria-label={`Change role of ${administrator.email}`}
                        onClick={() => setDialog({ kind: 'role', administrator })}
                      >
                        Change role
                      </Button>
                      <Button
                        variant="secondary"
                        size="sm"
                        aria-label={`Reset Password of ${administrator.email}`}
                        onClick={() => setDialog({ kind: 'reset', administrator })}
                      >
                        Reset Password
                      </Button>
                      <Button
                        variant="secondary"
                        size="sm"
                        aria-label={`Reset MFA of ${administrator.email}`}
                        onClick={() => setDialog({ kind: 'mfa-reset', administrator })}
                      >
                        Reset MFA
                      </Button>
                      <Button
                        variant="secondary"
                        isDanger
                        size="sm"
                        aria-label={`Disable ${administrator.email}`}
                        onClick={() => setDialog({ kind: 'disable', administrator })}
                      >
                        Disable
                      </Button>
                    </Flex>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {dialog?.kind === 'create' && (
        <CreateAdministratorDialog
          onClose={() => setDialog(undefined)}
          onCreated={() => void administrators.reload()}
        />
      )}
      {dialog?.kind === 'role' && (
        <ChangeRoleDialog
          administrator={dialog.administrator}
          onClose={() => setDialog(undefined)}
          onConfirm={(role) =>
            run(
              () =>
                api('PATCH', `/api/console/administrators/${dialog.administrator.id}/role`, {
                  role,
                }),
              `${dialog.administrator.email} is a ${ROLE_LABELS[role]} now.`,
            )
          }
        />
      )}
      {dialog?.kind === 'reset' && (
        <ConfirmDialog
          title={`Reset the password of ${dialog.administrator.email}?`}
          confirmLabel="Send reset link"
          variant="primary"
          onClose={() => setDialog(undefined)}
          onConfirm={() =>
            run(
              () =>
                api(
                  'POST',
                  `/api/console/administrators/${dialog.administrator.id}/reset-password`,
                ),
              `A link to set a new password was sent to ${dialog.administrator.email}.`,
            )
          }
        >
          They get an email with a single-use link, valid for 24 hours, to set a new fail-safe
          password. Their current password keeps working until then.
        </ConfirmDialog>
      )}
      {dialog?.kind === 'mfa-reset' && (
        <ConfirmDialog
          title={`Reset the multi-factor authentication of ${dialog.administrator.email}?`}
          confirmLabel="Reset MFA"
          onClose={() => setDialog(undefined)}
          onConfirm={() =>
            run(
              () => api('POST', `/api/console/administrators/${dialog.administrator.id}/mfa-reset`),
              `The authenticator app and recovery codes of ${dialog.administrator.email} are removed.`,
            )
          }
        >
          Their authenticator app and recovery codes stop working and all their sessions end; they
          set up a new app at their next sign-in. The other cloud administrators are told by email.
        </ConfirmDialog>
      )}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog
          title={`Disable ${dialog.administrator.email}?`}
          confirmLabel="Disable administrator"
          onClose={() => setDialog(undefined)}
          onConfirm={() =>
            run(
              () => api('POST', `/api/console/administrators/${dialog.administrator.id}/disable`),
              `${dialog.administrator.email} is disabled.`,
            )
          }
        >
          Their sessions end at once and they can no longer sign in or download exports.
        </ConfirmDialog>
      )}
    </ConsolePage>
  );
}

/** Choosing a role saves nothing: the dialog's button does, after saying what changes. */
function ChangeRoleDialog({
  administrator,
  onClose,
  onConfirm,
}: {
  administrator: AdministratorView;
  onClose: () => void;
  onConfirm: (role: AdministratorRole) => Promise<unknown>;
}) {
  const [role, setRole] = useState<AdministratorRole>(administrator.role);
  return (
    <ConfirmDialog
      title={`Change the role of ${administrator.email}`}
      confirmLabel="Change role"
      variant={role === 'cloud-administrator' ? 'danger' : 'primary'}
      isDisabled={role === administrator.role}
      onClose={onClose}
      onConfirm={() => onConfirm(role)}
    >
      <Content component="p">Now: {ROLE_LABELS[administrator.role]}.</Content>
      <FormGroup role="radiogroup" label="New role" fieldId="role" isStack>
        {(Object.keys(ROLE_LABELS) as AdministratorRole[]).map((value) => (
          <Radio
            key={value}
            id={`role-${value}`}
            name="role"
            label={ROLE_LABELS[value]}
            description={
              value === 'cloud-administrator'
                ? 'Everything, including administrators and single sign-on.'
                : 'Users, profiles, exports and audit trails.'
            }
            isChecked={role === value}
            onChange={() => setRole(value)}
          />
        ))}
      </FormGroup>
      {role === 'cloud-administrator' && role !== administrator.role && (
        <Alert
          isInline
          variant="warning"
          title="A Cloud Administrator can manage every administrator, you included."
        />
      )}
    </ConfirmDialog>
  );
}

function CreateAdministratorDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: () => void;
}) {
  const toasts = useToasts();
  const empty = { email: '', name: '', role: 'product-administrator' as AdministratorRole };
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // No password: they choose their own from the emailed link, so nobody else knows it.
      await api('POST', '/api/console/administrators', draft);
      toasts.success(
        `${draft.email} is an administrator now.`,
        'They were emailed a link, valid for 24 hours, to choose their password.',
      );
      // Nothing typed stays behind: the next administrator starts from an empty form.
      setDraft(empty);
      onCreated();
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="create-admin-title">
      <ModalHeader title="Invite administrator" labelId="create-admin-title" />
      <ModalBody>
        <Form onSubmit={create} aria-label="Invite administrator">
          {error !== undefined && (
            <Alert variant="danger" isInline title={messageOf(error)} role="alert" />
          )}
          <FormGroup label="Administrator email" fieldId="admin-email" isRequired>
            <TextInput
              id="admin-email"
              type="email"
              isRequired
              value={draft.email}
              onChange={(_event, email) => setDraft({ ...draft, email })}
            />
          </FormGroup>
          <FormGroup label="Administrator name" fieldId="admin-name" isRequired>
            <TextInput
              id="admin-name"
              isRequired
              value={draft.name}
              onChange={(_event, name) => setDraft({ ...draft, name })}
            />
          </FormGroup>
          <FormGroup role="radiogroup" label="Role" fieldId="admin-role" isStack>
            {(Object.keys(ROLE_LABELS) as AdministratorRole[]).map((value) => (
              <Radio
                key={value}
                id={`admin-role-${value}`}
                name="admin-role"
                label={ROLE_LABELS[value]}
                isChecked={draft.role === value}
                onChange={() => setDraft({ ...draft, role: value })}
              />
            ))}
          </FormGroup>
          <FormHelperText>
            <HelperText>
              <HelperTextItem>
                They get an email with a single-use link, valid for 24 hours, to choose their own
                fail-safe password; you never see it.
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
          <ActionGroup>
            <Button type="submit" isLoading={busy} isDisabled={busy}>
              Send invitation
            </Button>
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
          </ActionGroup>
        </Form>
      </ModalBody>
    </Modal>
  );
}
