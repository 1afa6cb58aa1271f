import {
  ActionGroup,
  Alert,
  Button,
  Divider,
  Form,
  FormGroup,
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
import { createUserBody } from '@coffer/contracts/browser';

import { api } from '../api';
import { plural } from '../lib/format';
import { FieldHelp, useFieldErrors } from '../ui/field-errors';
import { SubmissionError, useSubmission } from '../ui/submission';
import { useToasts } from '../ui/toasts';

/** Add one user (emailed a link to choose a password), or many from a CSV file. */
export function AddUsersDialog({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const toasts = useToasts();
  const [draft, setDraft] = useState({ email: '', name: '' });
  const { error, setError, busy, submit } = useSubmission();
  const [imported, setImported] = useState<ImportUsersResult>();
  const fields = useFieldErrors(createUserBody);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!fields.check(draft)) return;
    await submit(async () => {
      try {
        const user = await api<UserView>('POST', '/api/console/users', draft);
        toasts.success(`${user.email} was added`, 'They were emailed a link to choose a password.');
        setDraft({ email: '', name: '' });
        onAdded();
      } catch (caught) {
        if (!fields.takeFrom(caught)) throw caught;
      }
    });
  }

  function edit(field: 'email' | 'name', value: string) {
    setDraft({ ...draft, [field]: value });
    fields.clear(field);
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
        <Form onSubmit={create} aria-label="Add a user" noValidate>
          <FormGroup label="User email" fieldId="add-user-email" isRequired>
            <TextInput
              id="add-user-email"
              type="email"
              isRequired
              value={draft.email}
              validated={fields.validated('email')}
              onChange={(_event, email) => edit('email', email)}
            />
            <FieldHelp error={fields.errors.email} />
          </FormGroup>
          <FormGroup label="User name" fieldId="add-user-name" isRequired>
            <TextInput
              id="add-user-name"
              isRequired
              value={draft.name}
              validated={fields.validated('name')}
              onChange={(_event, name) => edit('name', name)}
            />
            <FieldHelp error={fields.errors.name}>
              The user gets an email with a link to choose their password.
            </FieldHelp>
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
