import type { MfaStatus } from '@coffer/contracts';

import type { SsoPolicy } from '../sign-in/sign-in-directory';

/**
 * What an administrator's organisation asks of them, given whether they have a factor: while
 * the grace period lasts they are told to enrol; after it, only enrolment is open to them. A
 * session that began with SSO relies on the IdP's MFA and is never shut out.
 */
export function mfaStatusOf(
  policy: SsoPolicy['administratorMfa'],
  enrolled: boolean,
  recoveryCodesLeft: number,
  now: Date,
  method: 'password' | 'saml' | 'passkey' = 'password',
  /** Which factors make `enrolled`: an authenticator app, passkeys. */
  factors: { totp: boolean; passkeys: number } = { totp: enrolled, passkeys: 0 },
): MfaStatus {
  const required = policy?.requiredForAdministrators ?? false;
  const enrolBy = required && !enrolled ? (policy?.graceUntil ?? null) : null;
  return {
    enrolled,
    totp: factors.totp,
    passkeys: factors.passkeys,
    required,
    enrolBy,
    enrolmentOverdue:
      method !== 'saml' &&
      required &&
      !enrolled &&
      (enrolBy === null || new Date(enrolBy).getTime() <= now.getTime()),
    recoveryCodesLeft: enrolled ? recoveryCodesLeft : 0,
  };
}

/** A sign-in or a second factor this recent lets a session change sensitive settings. */
export function isRecent(authenticatedAt: Date, now: Date, windowMs: number): boolean {
  return now.getTime() - authenticatedAt.getTime() < windowMs;
}
