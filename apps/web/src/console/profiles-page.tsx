import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  Label,
  LabelGroup,
  Modal,
  ModalBody,
  ModalHeader,
  Switch,
  TextInput,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { DataSource, ProfileView } from '@coffer/contracts';

import { api } from '../api';
import { plural } from '../lib/format';
import { DATA_SOURCE_LABELS } from '../lib/labels';
import { profileLocksOutOfPortal } from '../lib/profile-impact';
import { ConsolePage } from '../ui/console-page';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { SubmissionError, useSubmission } from '../ui/submission';
import { useToasts } from '../ui/toasts';
import { useLoad } from './use-load';

/** Profiles: what each group of users may back up and do on the web; create one, open one. */
export default function ProfilesPage() {
  const profiles = useLoad(() => api<ProfileView[]>('GET', '/api/console/profiles'), []);
  const [creating, setCreating] = useState(false);

  return (
    <ConsolePage
      title="Profiles"
      description="A profile sets what its users back up and what they may do in the web portal."
      actions={<Button onClick={() => setCreating(true)}>Create profile</Button>}
    >
      {profiles.error ? (
        <LoadFailed error={profiles.error} onRetry={profiles.reload} />
      ) : !profiles.data ? (
        <TableSkeleton label="Loading profiles" rows={3} />
      ) : profiles.data.length === 0 ? (
        <Empty
          title="No profiles"
          action={<Button onClick={() => setCreating(true)}>Create profile</Button>}
        />
      ) : (
        <Table role="table" aria-label="Profiles" variant="compact">
          <Thead>
            <Tr>
              <Th>Name</Th>
              <Th>Users</Th>
              <Th>Data sources</Th>
              <Th>Web portal</Th>
            </Tr>
          </Thead>
          <Tbody>
            {profiles.data.map((profile) => (
              <Tr key={profile.id}>
                <Td dataLabel="Name">
                  <Link to={`/console/profiles/${profile.id}`}>{profile.name}</Link>
                  {profile.isDefault && (
                    <Label isCompact className="inline-label">
                      Default
                    </Label>
                  )}
                </Td>
                <Td dataLabel="Users">{plural(profile.memberCount, 'user')}</Td>
                <Td dataLabel="Data sources">
                  <DataSourceLabels sources={profile.dataSources} />
                </Td>
                <Td dataLabel="Web portal">
                  {profileLocksOutOfPortal(profile)
                    ? 'No access (restore and sharing off)'
                    : [profile.allowWebRestore && 'Restore', profile.allowShare && 'Sharing']
                        .filter(Boolean)
                        .join(', ')}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {creating && (
        <CreateProfileDialog
          onClose={() => setCreating(false)}
          onCreated={() => void profiles.reload()}
        />
      )}
    </ConsolePage>
  );
}

export function DataSourceLabels({ sources }: { sources: DataSource[] }) {
  if (sources.length === 0) return <>None</>;
  return (
    <LabelGroup numLabels={6}>
      {sources.map((source) => (
        <Label key={source} isCompact>
          {DATA_SOURCE_LABELS[source]}
        </Label>
      ))}
    </LabelGroup>
  );
}

function CreateProfileDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: () => void;
}) {
  const navigate = useNavigate();
  const toasts = useToasts();
  const [name, setName] = useState('');
  const [dataSources, setDataSources] = useState<DataSource[]>(['devices']);
  const [allowWebRestore, setAllowWebRestore] = useState(true);
  const [allowShare, setAllowShare] = useState(true);
  const { error, busy, submit } = useSubmission();

  async function create(event: FormEvent) {
    event.preventDefault();
    await submit(async () => {
      const profile = await api<ProfileView>('POST', '/api/console/profiles', {
        name,
        dataSources,
        allowWebRestore,
        allowShare,
      });
      toasts.success(`The profile ${profile.name} was created.`);
      onCreated();
      navigate(`/console/profiles/${profile.id}`);
    });
  }

  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="create-profile-title">
      <ModalHeader title="Create profile" labelId="create-profile-title" />
      <ModalBody>
        <Form onSubmit={create} aria-label="Create profile">
          <SubmissionError error={error} />
          <FormGroup label="Profile name" fieldId="profile-name" isRequired>
            <TextInput
              id="profile-name"
              isRequired
              maxLength={100}
              value={name}
              onChange={(_event, value) => setName(value)}
            />
          </FormGroup>
          <FormGroup label="Data sources" role="group" isStack fieldId="profile-sources">
            {(Object.keys(DATA_SOURCE_LABELS) as DataSource[]).map((source) => (
              <Checkbox
                key={source}
                id={`profile-source-${source}`}
                label={DATA_SOURCE_LABELS[source]}
                isChecked={dataSources.includes(source)}
                onChange={(_event, checked) =>
                  setDataSources((current) =>
                    checked ? [...current, source] : current.filter((other) => other !== source),
                  )
                }
              />
            ))}
          </FormGroup>
          <FormGroup label="User Privacy & Access" role="group" isStack fieldId="profile-access">
            <Switch
              id="profile-web-restore"
              label="Allow restore from web browser"
              isChecked={allowWebRestore}
              onChange={(_event, checked) => setAllowWebRestore(checked)}
            />
            <Switch
              id="profile-share"
              label="Allow sharing"
              isChecked={allowShare}
              onChange={(_event, checked) => setAllowShare(checked)}
            />
          </FormGroup>
          {!allowWebRestore && !allowShare && (
            <Alert
              isInline
              variant="warning"
              title="Users of this profile cannot use the web portal"
            >
              With both restore from web browser and sharing off, its users cannot sign in to the
              web portal.
            </Alert>
          )}
          <ActionGroup>
            <Button type="submit" isLoading={busy}>
              Create profile
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
