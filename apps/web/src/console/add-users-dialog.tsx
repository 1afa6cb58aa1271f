import {
  ActionGroup,
  Alert,
  Button,
  Divider,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  List,
  ListItem,
  Modal,
  ModalBody,
  ModalHeader,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { type FormEvent, useState } from 'react';

import type { ImportUsersResult, UserView } from '@coffer/contracts';

import { api } from '../api';
import { plural } from '../lib/format';
import { SubmissionError, useSubmission } from '../ui/submission';
import { useToasts } from '../ui/toasts';

/** Add one user (emailed a link to choose a password), or many from a CSV file. */
export function AddUsersDialog({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const toasts = useToasts();
  const [draft, setDraft] = useState({ email: '', name: '' });
  const { error, setError, busy, submit } = useSubmission();
  const [imported, setImported] = useState<ImportUsersResult>();

  async function create(event: FormEvent) {
    event.preventDefault();
    await submit(async () => {
      const user = await api<UserView>('POST', '/api/console/users', draft);
      toasts.success(`${user.email} was added`, 'They were emailed a link to choose a password.');
      setDraft({ email: '', name: '' });
      onAdded();
    });
  }

  async function importCsv(file: File | undefined) {
    if (!file) return;
    setError(undefined);
    setImported(undefined);
    try {
      const result = await api<ImportUsersResult>(
        'POST',
        '/api/console/users/import',
        await file.text(),
        { contentType: 'text/csv' },
      );
      setImported(result);
      toasts.success(`Imported ${plural(result.created, 'user')}.`);
      onAdded();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="add-users-title">
      <ModalHeader title="Add users" labelId="add-users-title" />
      <ModalBody>
        <SubmissionError error={error} />
        <Form onSubmit={create} aria-label="Add a user">
          <FormGroup label="User email" fieldId="add-user-email" isRequired>
            <TextInput
              id="add-user-email"
              type="email"
              isRequired
              value={draft.email}
              onChange={(_event, email) => setDraft({ ...draft, email })}
            />
          </FormGroup>
          <FormGroup label="User name" fieldId="add-user-name" isRequired>
            <TextInput
              id="add-user-name"
              isRequired
              value={draft.name}
              onChange={(_event, name) => setDraft({ ...draft, name })}
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>
                  The user gets an email with a link to choose their password.
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <ActionGroup>
            <Button type="submit" isLoading={busy}>
              Add user
            </Button>
            <Button variant="link" onClick={onClose}>
              Close
            </Button>
          </ActionGroup>
        </Form>
        <Divider className="section-divider" />
        <Title headingLevel="h2" size="lg">
          Import from a CSV file
        </Title>
        <p className="file-field">
          <label htmlFor="import-users-csv">
            Import users from a CSV file (columns email, name; profileId optional)
          </label>
          <input
            id="import-users-csv"
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => void importCsv(event.target.files?.[0])}
          />
        </p>
        {imported && (
          <Alert
            isInline
            variant={imported.skipped.length ? 'warning' : 'success'}
            title={`Imported ${plural(imported.created, 'user')}.`}
            role="status"
          >
            {imported.skipped.length > 0 && (
              <List aria-label="Skipped lines">
                {imported.skipped.map((row) => (
                  <ListItem key={row.line}>
                    Line {row.line} ({row.email}): {row.reason}
                  </ListItem>
                ))}
              </List>
            )}
          </Alert>
        )}
      </ModalBody>
    </Modal>
  );
}
