import { Card, CardBody, CardTitle, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect } from 'react';
import { Link } from 'react-router';

import type { PstExportView, UserView } from '@coffer/contracts';

import { api } from '../api';
import { formatBytes, formatDateTime } from '../lib/format';
import { SOURCE_LABELS } from '../lib/labels';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { PstExportLinkActions } from './pst-export-link-actions';
import {
  EXPORT_STATUS_COLORS,
  EXPORT_STATUS_LABELS,
  ExportProgress,
  ExportScope,
} from './pst-export-status';
import { useLoad } from './use-load';

const REFRESH_MS = 3_000;

/** The user's PST exports: status with progress, messages, size, link expiry, requester and the link's actions. */
export function UserPstExportsCard({ user }: { user: UserView }) {
  const exports = useLoad(
    () =>
      api<PstExportView[]>(
        'GET',
        `/api/console/pst-exports?${new URLSearchParams({ userId: user.id })}`,
      ),
    [user.id],
  );
  const { reload } = exports;
  const moving = exports.data?.some(
    (pst) => pst.status === 'requested' || pst.status === 'running',
  );

  // Exports in progress move: follow them while the page is open.
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [moving, reload]);

  return (
    <Card>
      <CardTitle component="h2">PST exports</CardTitle>
      <CardBody>
        {exports.error ? (
          <LoadFailed error={exports.error} onRetry={reload} />
        ) : !exports.data ? (
          <TableSkeleton label="Loading exports" rows={2} />
        ) : exports.data.length === 0 ? (
          <Empty
            title="No PST exports"
            action={<Link to={`/console/pst-exports?user=${user.id}`}>Export to PST</Link>}
          >
            Nobody has exported this user&apos;s mailbox yet.
          </Empty>
        ) : (
          <Table role="table" aria-label={`PST exports of ${user.email}`} variant="compact">
            <Thead>
              <Tr>
                <Th>Requested</Th>
                <Th>Backup</Th>
                <Th>Status</Th>
                <Th>Messages</Th>
                <Th>Size</Th>
                <Th>Link expires</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {exports.data.map((pst) => (
                <Tr key={pst.id}>
                  <Td dataLabel="Requested">
                    {formatDateTime(pst.requestedAt)}
                    <div className="secondary-text">by {pst.requestedByEmail}</div>
                  </Td>
                  <Td dataLabel="Backup">
                    {SOURCE_LABELS[pst.source] ?? pst.source}
                    <ExportScope pst={pst} />
                  </Td>
                  <Td dataLabel="Status">
                    <Label color={EXPORT_STATUS_COLORS[pst.status]}>
                      {EXPORT_STATUS_LABELS[pst.status]}
                    </Label>
                    <ExportProgress pst={pst} />
                  </Td>
                  <Td dataLabel="Messages">{pst.messages.toLocaleString('en')}</Td>
                  <Td dataLabel="Size">
                    {pst.status === 'completed' ? formatBytes(pst.bytes) : '—'}
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
      </CardBody>
    </Card>
  );
}
