import type { MfaStatus, SessionPrincipal } from '@coffer/contracts';

import { administratorViewOf, userViewOf } from '../shared/identity-projector';
import { type AccessRules, capabilitiesOf, DEFAULT_ACCESS } from './capabilities';
import type { AccountFacts } from './sign-in-directory';

/** What a session says of the account's second factor, the same for both kinds of account. */
export interface PrincipalMfa {
  mfa: MfaStatus;
  recentlyAuthenticated: boolean;
  /** A break-glass sign-in (a recovery code; for administrators also the fail-safe under SSO). */
  breakGlass?: boolean;
}

/** Who a session belongs to, with their second factor and what their organisation asks. */
export function principalOf(
  facts: AccountFacts,
  sessionId: string,
  rules: AccessRules | undefined,
  { mfa, recentlyAuthenticated, breakGlass }: PrincipalMfa,
): SessionPrincipal {
  const common = {
    sessionId,
    orgId: facts.orgId,
    mfa,
    recentlyAuthenticated,
    ...(breakGlass ? { breakGlass: true } : {}),
  };
  if (facts.kind === 'administrator')
    return { kind: 'administrator', ...common, administrator: administratorViewOf(facts) };
  return {
    kind: 'user',
    ...common,
    user: userViewOf(facts),
    capabilities: capabilitiesOf(rules ?? DEFAULT_ACCESS),
  };
}
