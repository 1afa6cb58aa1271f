import { Button, Card, CardBody, CardHeader, CardTitle } from '@patternfly/react-core';
import type { ReactNode } from 'react';

import type { SignInHistoryEntry } from '@coffer/contracts';

import { api } from '../api';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { SignInHistoryTable } from './sign-in-history-table';
import { useLoad } from './use-load';

/**
 * An account's recent sign-ins, loaded from `path` (a user's, or the administrator's own), with
 * Refresh: they are a projection of the sign-in events and appear a moment after the attempt.
 */
export function SignInHistoryCard({
  path,
  title,
  tableLabel,
  whenEmpty,
}: {
  path: string;
  title: string;
  tableLabel: string;
  whenEmpty: ReactNode;
}) {
  const history = useLoad(() => api<{ entries: SignInHistoryEntry[] }>('GET', path), [path]);
  const entries = history.data?.entries ?? [];
  return (
    <Card>
      <CardHeader
        actions={{
          actions: (
            <Button variant="link" onClick={() => void history.reload()}>
              Refresh
            </Button>
          ),
        }}
      >
        <CardTitle component="h2">{title}</CardTitle>
      </CardHeader>
      <CardBody>
        {history.error ? (
          <LoadFailed error={history.error} onRetry={history.reload} />
        ) : !history.data ? (
          <TableSkeleton label="Loading sign-ins" rows={2} />
        ) : entries.length === 0 ? (
          <Empty title="No sign-ins yet">{whenEmpty}</Empty>
        ) : (
          <SignInHistoryTable entries={entries} label={tableLabel} />
        )}
      </CardBody>
    </Card>
  );
}
