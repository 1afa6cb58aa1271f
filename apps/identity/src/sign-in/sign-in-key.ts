import type { SignInSurface } from '@coffer/contracts';

import { normalizeEmail } from '../shared/identity-read-model';

/**
 * The `_id` of the document a sign-in reads: the surface and the email as typed, trimmed and
 * lower-cased. Emails are unique per kind of account across organisations (reservations), and
 * a sign-in knows no organisation, so the surface and the email alone find the account, its
 * password hash and its lockout counter in one read. The lockout counts per key whether or not
 * an account has it, so a lock reveals nothing.
 */
export function signInKey(surface: SignInSurface, email: string): string {
  return `${surface}:${normalizeEmail(email)}`;
}

/** The counter of failed sign-ins from one client address, across every email it tried. */
export function addressKey(ip: string): string {
  return `ip:${ip}`;
}

/** End users sign in to the portal, administrators to the console. */
export function surfaceOf(kind: 'user' | 'administrator'): SignInSurface {
  return kind === 'user' ? 'portal' : 'console';
}
