import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalHeader,
  Progress,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, useEffect, useState } from 'react';

import type { MailboxImportView, MailboxSource, UserView } from '@coffer/contracts';

import { api } from '../api';
import { formatBytes, plural } from '../lib/format';
import { SOURCE_LABELS } from '../lib/labels';
import { uploadFile } from '../lib/upload';
import { messageOf } from '../ui/errors';

const POLL_MS = 1_000;

/**
 * Import backup: an mbox file, a zip of .eml files or a Maildir archive into one of the user's
 * mailboxes. Shows the upload's progress and the messages stored so far, then what was
 * imported and every message skipped, with its reason.
 */
export function ImportBackupDialog({
  user,
  onClose,
  onImported,
}: {
  user: UserView;
  onClose: () => void;
  onImported: () => void;
}) {
  const [source, setSource] = useState<MailboxSource>('gmail');
  const [file, setFile] = useState<File>();
  const [sent, setSent] = useState(0);
  const [job, setJob] = useState<MailboxImportView>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  // While the upload runs, the import itself says how many messages it has stored.
  useEffect(() => {
    if (!busy || !job) return;
    const timer = setInterval(() => {
      api<MailboxImportView>('GET', `/api/console/mailbox-imports/${job.id}`).then(
        (latest) => setJob((shown) => (shown?.status === 'running' ? latest : shown)),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, job?.id]);

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!file) return setError(new Error('Choose the archive to import.'));
    setBusy(true);
    setError(undefined);
    setJob(undefined);
    setSent(0);
    try {
      const started = await api<MailboxImportView>(
        'POST',
        `/api/console/users/${user.id}/mailbox-imports`,
        { source, fileName: file.name, bytes: file.size },
      );
      setJob(started);
      const finished = await uploadFile<MailboxImportView>(
        `/api/console/mailbox-imports/${started.id}/archive`,
        'archive',
        file,
        (done) => setSent(done),
      );
      setJob(finished);
      onImported();
    } catch (caught) {
      setError(caught);
      setJob((shown) => (shown ? { ...shown, status: 'failed' } : shown));
    } finally {
      setBusy(false);
    }
  }

  const done = job?.status === 'completed';
  // What XMLHttpRequest counts includes the multipart framing around the file.
  const uploaded = file && job ? Math.min(file.size, Math.max(sent, job.bytesRead)) : 0;
  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="import-backup-title">
      <ModalHeader
        title={`Import a backup for ${user.name}`}
        labelId="import-backup-title"
        description="An mbox file (Google Takeout), a zip of .eml files, or a Maildir in a zip or tar. Messages already in the backup are not imported twice."
      />
      <ModalBody>
        {error !== undefined && (
          <Alert variant="danger" isInline title={messageOf(error)} role="alert" />
        )}
        <Form onSubmit={start} aria-label="Import a mailbox backup">
          <FormGroup label="Backup" fieldId="import-source">
            <FormSelect
              id="import-source"
              value={source}
              isDisabled={busy}
              onChange={(_event, value) => setSource(value as MailboxSource)}
            >
              <FormSelectOption value="gmail" label="Gmail" />
              <FormSelectOption value="exchange-online" label="Exchange Online" />
            </FormSelect>
          </FormGroup>
          <FormGroup label="Archive" fieldId="import-file" isRequired>
            <input
              id="import-file"
              type="file"
              disabled={busy}
              accept=".mbox,.zip,.tar,.tgz,.gz,application/mbox,application/zip,application/x-tar,application/gzip"
              onChange={(event) => setFile(event.target.files?.[0])}
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>
                  {file ? `${file.name}, ${formatBytes(file.size)}` : 'No file chosen yet.'}
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          {job && file && (
            <Progress
              value={file.size ? (100 * uploaded) / file.size : 0}
              title={done ? 'Imported' : busy ? 'Uploading and importing' : 'Stopped'}
              label={`${formatBytes(uploaded)} of ${formatBytes(file.size)} sent; ${plural(job.imported, 'message')} imported`}
              variant={job.status === 'failed' ? 'danger' : done ? 'success' : undefined}
              aria-label="Import progress"
            />
          )}
          <ActionGroup>
            <Button type="submit" isLoading={busy} isDisabled={busy || !file}>
              {done ? 'Import another' : 'Import'}
            </Button>
            <Button variant="link" onClick={onClose}>
              Close
            </Button>
          </ActionGroup>
        </Form>
        {done && job && <ImportResult job={job} />}
      </ModalBody>
    </Modal>
  );
}

function ImportResult({ job }: { job: MailboxImportView }) {
  return (
    <Alert
      isInline
      variant={job.skippedCount > 0 ? 'warning' : 'success'}
      title={`Imported ${plural(job.imported, 'message')} into the ${SOURCE_LABELS[job.source]} backup`}
      role="status"
    >
      <p>
        {plural(job.read, 'file')} read; {plural(job.duplicates, 'message')} already there;{' '}
        {job.skippedCount} skipped.
      </p>
      {job.skipped.length > 0 && (
        <Table role="table" aria-label="Skipped messages" variant="compact">
          <Thead>
            <Tr>
              <Th>Message</Th>
              <Th>Reason</Th>
            </Tr>
          </Thead>
          <Tbody>
            {job.skipped.map((skipped) => (
              <Tr key={skipped.number}>
                <Td dataLabel="Message">
                  {skipped.entry ?? `Message ${skipped.number.toLocaleString('en')}`}
                </Td>
                <Td dataLabel="Reason">{skipped.reason}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {job.skippedCount > job.skipped.length && (
        <p>The first {job.skipped.length} skipped messages are listed.</p>
      )}
    </Alert>
  );
}
