import {
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Label,
  Stack,
  StackItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';

import type { AccountSessions, SessionView } from '@coffer/contracts';

import { api } from '../api';
import { formatDateTime, plural } from '../lib/format';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ConsolePage } from '../ui/console-page';
import { LoadFailed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { SignInHistoryCard } from './sign-in-history-card';
import { useLoad } from './use-load';

const SESSION_METHOD_LABELS: Record<NonNullable<SessionView['method']>, string> = {
  password: 'Password',
  sso: 'Single sign-on',
  passkey: 'Passkey',
};

const SURFACE_LABELS: Record<SessionView['surface'], string> = {
  portal: 'Web portal',
  console: 'Console',
};

/**
 * The signed-in administrator's own account activity, as account consoles show it: where they
 * are signed in now (any other session can be ended at once) and their recent sign-in
 * attempts, refusals included, so a sign-in they do not recognise stands out.
 */
export default function AccountActivityPage() {
  return (
    <ConsolePage
      title="Your sessions and sign-ins"
      description="Where you are signed in to Coffer now, and your recent sign-in attempts."
    >
      <Stack hasGutter>
        <StackItem>
          <YourSessionsCard />
        </StackItem>
        <StackItem>
          <SignInHistoryCard
            path="/api/console/sign-ins"
            title="Recent sign-ins"
            tableLabel="Your sign-ins"
            whenEmpty="Your sign-ins appear here a moment after you make them."
          />
        </StackItem>
      </Stack>
    </ConsolePage>
  );
}

type Ending = { kind: 'one'; session: SessionView } | { kind: 'others'; sessions: SessionView[] };

function YourSessionsCard() {
  const toasts = useToasts();
  const sessions = useLoad(() => api<AccountSessions>('GET', '/api/console/sessions'), []);
  const [ending, setEnding] = useState<Ending>();
  const others = sessions.data?.sessions.filter((session) => !session.current) ?? [];

  async function end(targets: SessionView[]) {
    try {
      for (const session of targets) {
        await api('DELETE', `/api/console/sessions/${session.id}`);
      }
      toasts.success(
        targets.length === 1 ? 'Session ended' : `${plural(targets.length, 'session')} ended`,
        'That browser is signed out and must sign in again.',
      );
    } catch (caught) {
      toasts.failure(caught, 'The session could not be ended');
    } finally {
      setEnding(undefined);
      await sessions.reload();
    }
  }

  return (
    <Card>
      <CardHeader
        actions={{
          actions:
            others.length > 0 ? (
              <Button
                variant="secondary"
                onClick={() => setEnding({ kind: 'others', sessions: others })}
              >
                End all other sessions
              </Button>
            ) : undefined,
        }}
      >
        <CardTitle component="h2">Where you are signed in</CardTitle>
      </CardHeader>
      <CardBody>
        {sessions.error ? (
          <LoadFailed error={sessions.error} onRetry={sessions.reload} />
        ) : !sessions.data ? (
          <TableSkeleton label="Loading your sessions" rows={2} />
        ) : (
          <Table role="table" aria-label="Your sessions" variant="compact">
            <Thead>
              <Tr>
                <Th>Signed in</Th>
                <Th>Last active</Th>
                <Th>Method</Th>
                <Th>IP address</Th>
                <Th>Browser</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {sessions.data.sessions.map((session) => (
                <Tr key={session.id}>
                  <Td dataLabel="Signed in">{formatDateTime(session.createdAt)}</Td>
                  <Td dataLabel="Last active">{formatDateTime(session.lastSeenAt)}</Td>
                  <Td dataLabel="Method">
                    {session.method ? SESSION_METHOD_LABELS[session.method] : '—'} (
                    {SURFACE_LABELS[session.surface]})
                  </Td>
                  <Td dataLabel="IP address">{session.ip ?? '—'}</Td>
                  <Td dataLabel="Browser" modifier="breakWord">
                    {session.userAgent ?? '—'}
                  </Td>
                  <Td dataLabel="Actions" isActionCell>
                    {session.current ? (
                      <Label color="blue">This session</Label>
                    ) : (
                      <Button
                        variant="link"
                        isDanger
                        onClick={() => setEnding({ kind: 'one', session })}
                        aria-label={`End the session started ${formatDateTime(session.createdAt)}`}
                      >
                        End session
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </CardBody>
      {ending && (
        <ConfirmDialog
          title={ending.kind === 'one' ? 'End this session?' : 'End all other sessions?'}
          confirmLabel={ending.kind === 'one' ? 'End session' : 'End sessions'}
          onClose={() => setEnding(undefined)}
          onConfirm={() => end(ending.kind === 'one' ? [ending.session] : ending.sessions)}
        >
          {ending.kind === 'one'
            ? `The browser signed in since ${formatDateTime(ending.session.createdAt)}` +
              `${ending.session.ip ? ` from ${ending.session.ip}` : ''} is signed out at once.`
            : `${plural(ending.sessions.length, 'other session')} ` +
              `${ending.sessions.length === 1 ? 'ends' : 'end'} at once; this one stays signed in.`}
        </ConfirmDialog>
      )}
    </Card>
  );
}
