import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  DatePicker,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Label,
  TextInput,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { MailboxSource, MailboxView, PstExportView, UserView } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { formatBytes, formatDateTime, plural } from '../lib/format';
import { SOURCE_LABELS } from '../lib/labels';
import { describeTimeZone, localDayRangeToInstants } from '../lib/local-days';
import { ConsolePage } from '../ui/console-page';
import { messageOf } from '../ui/errors';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { PstExportLinkActions } from './pst-export-link-actions';
import {
  EXPORT_STATUS_COLORS,
  EXPORT_STATUS_LABELS,
  ExportProgress,
  ExportScope,
} from './pst-export-status';
import { useLoad } from './use-load';
import { UserPicker } from './user-picker';

const REFRESH_MS = 2_000;

/** PST exports: request one for a user's backup, follow its progress, open its download page. */
export default function PstExportsPage() {
  const [params] = useSearchParams();
  const exports = useLoad(() => api<PstExportView[]>('GET', '/api/console/pst-exports'), []);
  const { reload } = exports;

  // Running exports move: refresh while the page is open.
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <ConsolePage
      title="PST exports"
      description="Export a user's backed-up Gmail or Exchange Online mailbox as PST files; the link is emailed when it is ready."
    >
      <Grid hasGutter>
        <GridItem>
          <RequestExportCard
            preselectedUserId={params.get('user')}
            preselectedSource={params.get('source')}
            onRequested={reload}
          />
        </GridItem>
        <GridItem>
          {exports.error && !exports.data ? (
            <LoadFailed error={exports.error} onRetry={reload} />
          ) : !exports.data ? (
            <TableSkeleton label="Loading exports" />
          ) : exports.data.length === 0 ? (
            <Empty title="No exports yet">Choose a user above and export their mailbox.</Empty>
          ) : (
            <Table role="table" aria-label="Exports" variant="compact">
              <Thead>
                <Tr>
                  <Th modifier="wrap">User</Th>
                  <Th modifier="wrap">Backup</Th>
                  <Th modifier="wrap">Requested</Th>
                  <Th modifier="wrap">Status</Th>
                  <Th modifier="wrap">Messages</Th>
                  <Th modifier="wrap">Size</Th>
                  <Th modifier="wrap">Link expires</Th>
                  <Th screenReaderText="Actions" />
                </Tr>
              </Thead>
              <Tbody>
                {exports.data.map((pst) => (
                  <Tr key={pst.id}>
                    <Td dataLabel="User" modifier="breakWord">
                      <Link to={`/console/users/${pst.userId}`}>{pst.userEmail}</Link>
                    </Td>
                    <Td dataLabel="Backup">
                      {SOURCE_LABELS[pst.source] ?? pst.source}
                      <ExportScope pst={pst} />
                    </Td>
                    <Td dataLabel="Requested">
                      {formatDateTime(pst.requestedAt)}
                      <div className="secondary-text">by {pst.requestedByEmail}</div>
                    </Td>
                    <Td dataLabel="Status">
                      <Label color={EXPORT_STATUS_COLORS[pst.status]}>
                        {EXPORT_STATUS_LABELS[pst.status]}
                      </Label>
                      <ExportProgress pst={pst} />
                    </Td>
                    <Td dataLabel="Messages">{pst.messages.toLocaleString('en')}</Td>
                    <Td dataLabel="Size">
                      {pst.status === 'completed'
                        ? `${formatBytes(pst.bytes)}${pst.parts.length > 1 ? ` in ${plural(pst.parts.length, 'part')}` : ''}`
                        : '—'}
                    </Td>
                    <Td dataLabel="Link expires">{formatDateTime(pst.linkExpiresAt)}</Td>
                    <Td dataLabel="Actions">
                      <PstExportLinkActions pst={pst} onReissued={reload} />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </GridItem>
      </Grid>
    </ConsolePage>
  );
}

function RequestExportCard({
  preselectedUserId,
  preselectedSource,
  onRequested,
}: {
  preselectedUserId: string | null;
  preselectedSource: string | null;
  onRequested: () => Promise<void>;
}) {
  const toasts = useToasts();
  const [user, setUser] = useState<UserView>();
  const [source, setSource] = useState<MailboxSource>(
    preselectedSource === 'exchange-online' ? 'exchange-online' : 'gmail',
  );
  const [mailboxes, setMailboxes] = useState<MailboxView[]>();
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [folders, setFolders] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!preselectedUserId) return;
    api<UserView>('GET', `/api/console/users/${preselectedUserId}`).then(setUser, () => undefined);
  }, [preselectedUserId]);

  // What the chosen user has backed up: an export of a mailbox with nothing in it is refused.
  useEffect(() => {
    setMailboxes(undefined);
    if (!user) return;
    api<MailboxView[]>('GET', `/api/console/users/${user.id}/mailboxes`).then(
      setMailboxes,
      () => undefined,
    );
  }, [user]);
  const backup = mailboxes?.find((mailbox) => mailbox.source === source);

  // A refusal was about the user and backup it named: another choice starts afresh.
  useEffect(() => setError(undefined), [user, source]);

  async function request(event: FormEvent) {
    event.preventDefault();
    if (!user) return setError(new Error('Choose the user whose mailbox to export.'));
    setBusy(true);
    setError(undefined);
    const range = localDayRangeToInstants(fromDay || undefined, toDay || undefined);
    const folderList = folders
      .split(',')
      .map((folder) => folder.trim())
      .filter(Boolean);
    try {
      await api('POST', '/api/console/pst-exports', {
        userId: user.id,
        source,
        ...(range.from ? { from: range.from } : {}),
        ...(range.to ? { to: range.to } : {}),
        ...(folderList.length ? { folders: folderList } : {}),
      });
      toasts.success(
        `Exporting ${user.email}'s ${SOURCE_LABELS[source]} mailbox`,
        'The link is emailed to you when it is ready.',
      );
      await onRequested();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <CardTitle component="h2">Export to PST</CardTitle>
      <CardBody>
        <Form onSubmit={request} aria-label="Request a PST export">
          {error !== undefined && (
            <Alert variant="danger" isInline title={messageOf(error)} role="alert">
              {error instanceof ApiError && error.code === 'mailbox-backup-missing' && user && (
                <Link to={`/console/users/${user.id}`}>
                  Import a backup on {user.email}&apos;s page
                </Link>
              )}
            </Alert>
          )}
          <Grid hasGutter md={6}>
            <FormGroup label="User" fieldId="export-user" isRequired>
              <UserPicker id="export-user" label="User" selected={user} onSelect={setUser} />
            </FormGroup>
            <FormGroup label="Backup" fieldId="export-source">
              <FormSelect
                id="export-source"
                value={source}
                onChange={(_event, value) => setSource(value as MailboxSource)}
              >
                <FormSelectOption value="gmail" label="Gmail" />
                <FormSelectOption value="exchange-online" label="Exchange Online" />
              </FormSelect>
              {user && mailboxes && (
                <FormHelperText>
                  <HelperText>
                    <HelperTextItem variant={backup ? 'default' : 'warning'}>
                      {backup ? (
                        `${backup.messages.toLocaleString('en')} messages, ${formatBytes(backup.bytes)}, last imported ${formatDateTime(backup.lastImportAt)}`
                      ) : (
                        <>
                          {user.email} has no {SOURCE_LABELS[source]} backup.{' '}
                          <Link to={`/console/users/${user.id}`}>Import one</Link> first.
                        </>
                      )}
                    </HelperTextItem>
                  </HelperText>
                </FormHelperText>
              )}
            </FormGroup>
            <FormGroup label="Messages from (optional)" fieldId="export-from">
              <DatePicker
                value={fromDay}
                onChange={(_event, value) => setFromDay(value)}
                inputProps={{ id: 'export-from', 'aria-label': 'Messages from' }}
              />
            </FormGroup>
            <FormGroup label="Messages to (optional, included)" fieldId="export-to">
              <DatePicker
                value={toDay}
                onChange={(_event, value) => setToDay(value)}
                inputProps={{ id: 'export-to', 'aria-label': 'Messages to' }}
              />
            </FormGroup>
          </Grid>
          <FormGroup label="Folders or labels (optional)" fieldId="export-folders">
            <TextInput
              id="export-folders"
              value={folders}
              placeholder="Inbox, Work/Projects"
              onChange={(_event, value) => setFolders(value)}
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>
                  Separate with commas; leave empty for every folder. Days are in your time zone,{' '}
                  {describeTimeZone(new Date())}.
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <ActionGroup>
            <Button type="submit" isLoading={busy}>
              Export to PST
            </Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
