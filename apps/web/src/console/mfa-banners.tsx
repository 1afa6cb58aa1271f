import { Alert, PageSection } from '@patternfly/react-core';
import { Link, useLocation } from 'react-router';

import { formatDateTime } from '../lib/format';
import type { ConsoleSession } from './console-session-context';
import { TWO_FACTOR_PATH } from './two-factor-paths';

/**
 * Above every console page: a reminder while the organisation requires a second factor this
 * administrator has not set up, and a note after a break-glass sign-in (others were alerted).
 */
export function MfaBanners({ session }: { session: ConsoleSession }) {
  const { mfa, breakGlass } = session;
  // On the two-factor page itself, a link to it would lead nowhere.
  const onTwoFactorPage = useLocation().pathname === TWO_FACTOR_PATH;
  const remind = mfa?.required && !mfa.enrolled;
  if (!remind && !breakGlass) return null;
  return (
    <PageSection className="mfa-banners" aria-label="Account notices">
      {remind && (
        <Alert
          variant={mfa.enrolmentOverdue ? 'danger' : 'warning'}
          isInline
          title={
            mfa.enrolmentOverdue
              ? 'Set up two-factor authentication to use the console again'
              : `Set up two-factor authentication by ${formatDateTime(mfa.enrolBy)}`
          }
          actionLinks={
            onTwoFactorPage ? undefined : (
              <Link to={TWO_FACTOR_PATH}>Set up two-factor authentication</Link>
            )
          }
        >
          Your organisation requires administrators to sign in with a code from an authenticator
          app.
        </Alert>
      )}
      {breakGlass && (
        <Alert variant="info" isInline title="Fail-safe sign-in">
          You signed in with a fail-safe password/recovery code; other cloud administrators were
          told.
        </Alert>
      )}
    </PageSection>
  );
}
