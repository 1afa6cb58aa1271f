import type { MfaStatus } from '@coffer/contracts';

import type { SsoPolicy } from '../sign-in/sign-in-directory';

/** One kind of account's rule: whether a factor is required, and until when it may wait. */
export interface MfaRule {
  required: boolean;
  graceUntil: string | null;
}

/** The organisation's rule for administrators or for end users (absent fields: off). */
export function mfaRuleOf(
  policy: SsoPolicy['administratorMfa'],
  kind: 'administrator' | 'user',
): MfaRule {
  return kind === 'administrator'
    ? {
        required: policy?.requiredForAdministrators ?? false,
        graceUntil: policy?.graceUntil ?? null,
      }
    : { required: policy?.requiredForUsers ?? false, graceUntil: policy?.usersGraceUntil ?? null };
}

/**
 * What an account's organisation asks of it, given whether it has a factor: while the grace
 * period lasts it is told to enrol; after it, only enrolment is open to it. A session that
 * began with SSO relies on the IdP's MFA and is never shut out.
 */
export function mfaStatusOf(
  rule: MfaRule | undefined,
  enrolled: boolean,
  recoveryCodesLeft: number,
  now: Date,
  method: 'password' | 'saml' | 'passkey' = 'password',
  /** Which factors make `enrolled`: an authenticator app, passkeys. */
  factors: { totp: boolean; passkeys: number } = { totp: enrolled, passkeys: 0 },
): MfaStatus {
  const required = rule?.required ?? false;
  const enrolBy = required && !enrolled ? (rule?.graceUntil ?? null) : null;
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
