import type { AdministratorRole, SsoEnforcement } from '@coffer/contracts';

export type SignInAccountKind =
  { kind: 'user' } | { kind: 'administrator'; role: AdministratorRole };

/**
 * Whether an account may only sign in through SSO. End users follow the organisation's
 * enforcement; product administrators only when it covers administrators too; cloud
 * administrators never, because their fail-safe password is what still works when the IdP does not.
 */
export function mustUseSso(enforcement: SsoEnforcement, account: SignInAccountKind): boolean {
  if (enforcement === 'off') return false;
  if (account.kind === 'user') return true;
  return enforcement === 'users-and-administrators' && account.role === 'product-administrator';
}
