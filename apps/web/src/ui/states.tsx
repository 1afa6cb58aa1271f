import {
  Alert,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Skeleton,
  Stack,
  StackItem,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { messageOf } from './errors';

/** Placeholders shaped like the rows that are coming, instead of a whole-page "Loading…". */
export function TableSkeleton({ rows = 5, label }: { rows?: number; label: string }) {
  return (
    <Stack hasGutter aria-busy="true" aria-label={label} role="status">
      {Array.from({ length: rows }, (_, row) => (
        <StackItem key={row}>
          <Skeleton height="2rem" screenreaderText={row === 0 ? label : undefined} />
        </StackItem>
      ))}
    </Stack>
  );
}

/** Nothing to show yet: says so and offers the next step. */
export function Empty({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <EmptyState titleText={title} headingLevel="h2" variant="sm">
      {children && <EmptyStateBody>{children}</EmptyStateBody>}
      {action && (
        <EmptyStateFooter>
          <EmptyStateActions>{action}</EmptyStateActions>
        </EmptyStateFooter>
      )}
    </EmptyState>
  );
}

/** A load that failed, in place of what would have been shown, with a retry. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      variant="danger"
      isInline
      title={messageOf(error)}
      actionLinks={
        onRetry && (
          <Button variant="link" isInline onClick={onRetry}>
            Try again
          </Button>
        )
      }
    />
  );
}

/** What a product administrator sees on a cloud administrator's page: never the form. */
export function NotAllowed({ what }: { what: string }) {
  return (
    <EmptyState titleText="Not allowed" headingLevel="h2" status="warning">
      <EmptyStateBody>
        Only a Cloud Administrator can {what}. Ask a Cloud Administrator of your organisation if you
        need this changed.
      </EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Link to="/console/users">Go to Users</Link>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}
