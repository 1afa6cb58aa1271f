import { Button, Card, CardBody, CardHeader, CardTitle } from '@patternfly/react-core';

import type { SignInHistory, UserView } from '@coffer/contracts';

import { api } from '../api';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { SignInHistoryTable } from './sign-in-history-table';
import { useLoad } from './use-load';

/** The user's recent sign-ins: when, where from, how, and whether it worked. */
export function UserSignInHistoryCard({ user }: { user: UserView }) {
  const history = useLoad(
    () => api<SignInHistory>('GET', `/api/console/users/${user.id}/sign-ins`),
    [user.id],
  );
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
        <CardTitle component="h2">Sign-in history</CardTitle>
      </CardHeader>
      <CardBody>
        {history.error ? (
          <LoadFailed error={history.error} onRetry={history.reload} />
        ) : !history.data ? (
          <TableSkeleton label="Loading sign-ins" rows={2} />
        ) : entries.length === 0 ? (
          <Empty title="No sign-ins yet">
            {user.email} has not signed in since Coffer began recording sign-ins.
          </Empty>
        ) : (
          <SignInHistoryTable entries={entries} label={`Sign-ins of ${user.email}`} />
        )}
      </CardBody>
    </Card>
  );
}
