import {
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  PageSection,
} from '@patternfly/react-core';
import { Link, useLocation } from 'react-router';

import { usePageTitle } from './console-page';

/** An address that leads nowhere, with the ways back: inside the console, its frame stays around it. */
export default function NotFoundPage() {
  const { pathname } = useLocation();
  usePageTitle('Page not found', pathname.startsWith('/console') ? 'Coffer console' : 'Coffer');
  const page = (
    <EmptyState titleText="Page not found" headingLevel="h1" status="warning">
      <EmptyStateBody>
        There is nothing at {pathname}. It may have moved, or the link is mistyped.
      </EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          {pathname.startsWith('/console') ? (
            <>
              <Link to="/console/users">Users</Link>
              <Link to="/console/audit">Audit Trails</Link>
            </>
          ) : (
            <>
              <Link to="/portal">Web portal</Link>
              <Link to="/console/users">Management console</Link>
            </>
          )}
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
  return pathname.startsWith('/console') ? (
    <PageSection>{page}</PageSection>
  ) : (
    <main id="main" className="standalone">
      {page}
    </main>
  );
}
