import { Button, Card, CardBody, CardHeader, CardTitle } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { Link } from 'react-router';

import type { MailboxView, UserView } from '@coffer/contracts';

import { api } from '../api';
import { formatBytes, formatDateTime } from '../lib/format';
import { SOURCE_LABELS } from '../lib/labels';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { ImportBackupDialog } from './import-backup-dialog';
import { useLoad } from './use-load';

/** The user's backed-up mailboxes (messages, size, last import), with Import backup. */
export function UserMailboxesCard({
  user,
  onImported,
}: {
  user: UserView;
  onImported?: () => void;
}) {
  const mailboxes = useLoad(
    () => api<MailboxView[]>('GET', `/api/console/users/${user.id}/mailboxes`),
    [user.id],
  );
  const [importing, setImporting] = useState(false);

  return (
    <Card>
      <CardHeader
        actions={{
          actions: (
            <Button variant="secondary" onClick={() => setImporting(true)}>
              Import backup
            </Button>
          ),
        }}
      >
        <CardTitle component="h2">Mailboxes</CardTitle>
      </CardHeader>
      <CardBody>
        {mailboxes.error ? (
          <LoadFailed error={mailboxes.error} onRetry={mailboxes.reload} />
        ) : !mailboxes.data ? (
          <TableSkeleton label="Loading mailboxes" rows={2} />
        ) : mailboxes.data.length === 0 ? (
          <Empty title="No backed-up mailbox">
            Nothing of this user&apos;s mail is backed up yet: import an mbox file, a zip of .eml
            files or a Maildir archive.
          </Empty>
        ) : (
          <Table role="table" aria-label={`Mailboxes of ${user.email}`} variant="compact">
            <Thead>
              <Tr>
                <Th>Backup</Th>
                <Th>Messages</Th>
                <Th>Size</Th>
                <Th>Last import</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {mailboxes.data.map((mailbox) => (
                <Tr key={mailbox.source}>
                  <Td dataLabel="Backup">{SOURCE_LABELS[mailbox.source] ?? mailbox.source}</Td>
                  <Td dataLabel="Messages">{mailbox.messages.toLocaleString('en')}</Td>
                  <Td dataLabel="Size">{formatBytes(mailbox.bytes)}</Td>
                  <Td dataLabel="Last import">{formatDateTime(mailbox.lastImportAt)}</Td>
                  <Td dataLabel="Actions">
                    <Link
                      to={`/console/pst-exports?${new URLSearchParams({ user: user.id, source: mailbox.source })}`}
                    >
                      Export to PST
                    </Link>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </CardBody>
      {importing && (
        <ImportBackupDialog
          user={user}
          onClose={() => setImporting(false)}
          onImported={() => {
            void mailboxes.reload();
            onImported?.();
          }}
        />
      )}
    </Card>
  );
}
