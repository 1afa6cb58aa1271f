import {
  ActionGroup,
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  Grid,
  GridItem,
  Label,
  PageSection,
  TextInput,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import type { ProfileView, UserView } from '@coffer/contracts';

import { api } from '../api';
import { plural } from '../lib/format';
import { USER_STATUS_LABELS } from '../lib/labels';
import { accessChangeImpact } from '../lib/profile-impact';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ConsolePage } from '../ui/console-page';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { DataSourceLabels } from './profiles-page';
import { useLoad } from './use-load';
import { STATUS_COLORS } from './users-page';

const MEMBERS_SCANNED = 500;

/** Profile Summary: its data sources, User Privacy & Access (with what a change does), members; rename, delete. */
export default function ProfileDetailPage() {
  const { profileId = '' } = useParams();
  const navigate = useNavigate();
  const toasts = useToasts();
  const profile = useLoad(
    () => api<ProfileView>('GET', `/api/console/profiles/${profileId}`),
    [profileId],
  );
  const users = useLoad(
    () => api<UserView[]>('GET', `/api/console/users?limit=${MEMBERS_SCANNED}`),
    [],
  );
  const [dialog, setDialog] = useState<'rename' | 'delete'>();

  if (profile.error) {
    return (
      <ConsolePage title="Profile">
        <LoadFailed error={profile.error} />
        <Link to="/console/profiles">Back to Profiles</Link>
      </ConsolePage>
    );
  }
  if (!profile.data) {
    return (
      <ConsolePage title="Profile">
        <TableSkeleton label="Loading the profile" rows={3} />
      </ConsolePage>
    );
  }
  const shown = profile.data;
  const members = (users.data ?? []).filter(
    (user) => user.profileId === shown.id || (shown.isDefault && user.profileId === null),
  );
  const deletable = !shown.isDefault && shown.memberCount === 0;

  async function remove() {
    try {
      await api('DELETE', `/api/console/profiles/${shown.id}`);
      toasts.success(`The profile ${shown.name} was deleted.`);
      navigate('/console/profiles');
    } catch (caught) {
      toasts.failure(caught);
      setDialog(undefined);
    }
  }

  return (
    <>
      <PageSection className="breadcrumb-section">
        <Breadcrumb>
          <BreadcrumbItem render={() => <Link to="/console/profiles">Profiles</Link>} />
          <BreadcrumbItem isActive>{shown.name}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <ConsolePage
        title={shown.name}
        description={shown.isDefault ? 'The default profile: new users join it.' : undefined}
        actions={
          <>
            <Button variant="secondary" onClick={() => setDialog('rename')}>
              Rename
            </Button>{' '}
            <Button
              variant="secondary"
              isDanger
              isAriaDisabled={!deletable}
              onClick={() => setDialog('delete')}
            >
              Delete
            </Button>
          </>
        }
      >
        {!deletable && (
          <Content component="p" className="list-summary">
            {shown.isDefault
              ? 'The default profile cannot be deleted.'
              : `Move its ${plural(shown.memberCount, 'user')} to another profile before deleting it.`}
          </Content>
        )}
        <Grid hasGutter>
          <GridItem md={6}>
            <Card>
              <CardTitle component="h2">Profile Summary</CardTitle>
              <CardBody>
                <DescriptionList isCompact>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Users</DescriptionListTerm>
                    <DescriptionListDescription>
                      {plural(shown.memberCount, 'user')}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Data sources</DescriptionListTerm>
                    <DescriptionListDescription>
                      <DataSourceLabels sources={shown.dataSources} />
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                </DescriptionList>
              </CardBody>
            </Card>
          </GridItem>
          <GridItem md={6}>
            <AccessCard profile={shown} onSaved={profile.replace} />
          </GridItem>
          <GridItem>
            <Card>
              <CardTitle component="h2">Members</CardTitle>
              <CardBody>
                {users.error ? (
                  <LoadFailed error={users.error} onRetry={users.reload} />
                ) : !users.data ? (
                  <TableSkeleton label="Loading members" rows={2} />
                ) : members.length === 0 ? (
                  <Empty title="No members">
                    Move users here from their page (Change profile).
                  </Empty>
                ) : (
                  <Table role="table" aria-label={`Members of ${shown.name}`} variant="compact">
                    <Thead>
                      <Tr>
                        <Th>Name</Th>
                        <Th>Email</Th>
                        <Th>Status</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {members.map((user) => (
                        <Tr key={user.id}>
                          <Td dataLabel="Name">
                            <Link to={`/console/users/${user.id}`}>{user.name}</Link>
                          </Td>
                          <Td dataLabel="Email" modifier="breakWord">
                            {user.email}
                          </Td>
                          <Td dataLabel="Status">
                            <Label color={STATUS_COLORS[user.status]}>
                              {USER_STATUS_LABELS[user.status]}
                            </Label>
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                )}
                {users.data && users.data.length >= MEMBERS_SCANNED && (
                  <Content component="p">
                    Members among the first {MEMBERS_SCANNED} users of your organisation.
                  </Content>
                )}
              </CardBody>
            </Card>
          </GridItem>
        </Grid>
      </ConsolePage>
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete the profile ${shown.name}?`}
          confirmLabel="Delete profile"
          onConfirm={remove}
          onClose={() => setDialog(undefined)}
        >
          It has no users. Deleting it cannot be undone.
        </ConfirmDialog>
      )}
      {dialog === 'rename' && (
        <RenameDialog
          profile={shown}
          onClose={() => setDialog(undefined)}
          onRenamed={async () => {
            setDialog(undefined);
            await profile.reload();
          }}
        />
      )}
    </>
  );
}

function RenameDialog({
  profile,
  onClose,
  onRenamed,
}: {
  profile: ProfileView;
  onClose: () => void;
  onRenamed: () => Promise<void>;
}) {
  const toasts = useToasts();
  const [name, setName] = useState(profile.name);
  return (
    <ConfirmDialog
      title={`Rename ${profile.name}`}
      confirmLabel="Rename"
      variant="primary"
      isDisabled={!name.trim() || name === profile.name}
      onClose={onClose}
      onConfirm={async () => {
        try {
          await api('PATCH', `/api/console/profiles/${profile.id}`, { name: name.trim() });
          toasts.success(`Renamed to ${name.trim()}.`);
          await onRenamed();
        } catch (caught) {
          toasts.failure(caught);
        }
      }}
    >
      <FormGroup label="New name" fieldId="rename-profile" isRequired>
        <TextInput
          id="rename-profile"
          maxLength={100}
          value={name}
          onChange={(_event, value) => setName(value)}
        />
      </FormGroup>
    </ConfirmDialog>
  );
}

/** User Privacy & Access → Edit → Save, saying beforehand what the change does to whom. */
function AccessCard({
  profile,
  onSaved,
}: {
  profile: ProfileView;
  onSaved: (saved: ProfileView) => void;
}) {
  const toasts = useToasts();
  const [editing, setEditing] = useState(false);
  const [allowWebRestore, setAllowWebRestore] = useState(profile.allowWebRestore);
  const [allowShare, setAllowShare] = useState(profile.allowShare);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const impact = accessChangeImpact(profile, { allowWebRestore, allowShare });

  async function save() {
    setBusy(true);
    try {
      const answer = await api<{
        profile: ProfileView;
        appliedToSignIn: boolean;
        message?: string;
      }>('PATCH', `/api/console/profiles/${profile.id}/access`, { allowWebRestore, allowShare });
      toasts.success(
        answer.appliedToSignIn
          ? 'Saved: the next sign-in follows it.'
          : (answer.message ?? 'Saved.'),
      );
      setEditing(false);
      // The answer is the saved profile: shown at once, whatever a read model lags.
      onSaved(answer.profile);
    } catch (caught) {
      toasts.failure(caught);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <Card>
      <CardTitle component="h2">User Privacy &amp; Access</CardTitle>
      <CardBody>
        {editing ? (
          <Form
            aria-label={`User Privacy & Access of ${profile.name}`}
            onSubmit={(event) => {
              event.preventDefault();
              if (impact.locksOutOfPortal) setConfirming(true);
              else void save();
            }}
          >
            <FormGroup role="group" isStack fieldId="access" label="On the web portal">
              <Checkbox
                id="access-web-restore"
                label="Allow restore from web browser"
                isChecked={allowWebRestore}
                onChange={(_event, checked) => setAllowWebRestore(checked)}
              />
              <Checkbox
                id="access-share"
                label="Allow sharing"
                isChecked={allowShare}
                onChange={(_event, checked) => setAllowShare(checked)}
              />
            </FormGroup>
            {impact.changed && (
              <Alert
                isInline
                variant={impact.locksOutOfPortal ? 'warning' : 'info'}
                title={impact.message}
                aria-live="polite"
              />
            )}
            <ActionGroup>
              <Button type="submit" isDisabled={!impact.changed} isLoading={busy}>
                Save
              </Button>
              <Button
                variant="link"
                onClick={() => {
                  setEditing(false);
                  setAllowWebRestore(profile.allowWebRestore);
                  setAllowShare(profile.allowShare);
                }}
              >
                Cancel
              </Button>
            </ActionGroup>
          </Form>
        ) : (
          <>
            <DescriptionList isCompact>
              <DescriptionListGroup>
                <DescriptionListTerm>Restore from web browser</DescriptionListTerm>
                <DescriptionListDescription>
                  {profile.allowWebRestore ? 'Allowed' : 'Not allowed'}
                </DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>Sharing</DescriptionListTerm>
                <DescriptionListDescription>
                  {profile.allowShare ? 'Allowed' : 'Not allowed'}
                </DescriptionListDescription>
              </DescriptionListGroup>
            </DescriptionList>
            <Button variant="secondary" className="card-action" onClick={() => setEditing(true)}>
              Edit
            </Button>
          </>
        )}
      </CardBody>
      {confirming && (
        <ConfirmDialog
          title="Lock these users out of the web portal?"
          confirmLabel="Save and lock them out"
          onConfirm={save}
          onClose={() => setConfirming(false)}
        >
          {impact.message}
        </ConfirmDialog>
      )}
    </Card>
  );
}
