/**
 * Every error a backend service may answer, with the HTTP status the gateway gives it and the
 * sentence a person reads when the service has nothing more specific to say. A code is declared
 * here or it cannot be thrown (`ServiceError` takes an `ErrorCode`), and a code without a status
 * or a message does not compile.
 */
export const ERRORS = {
  'invalid-request': { status: 400, message: 'The request is not valid.' },
  'invalid-cursor': {
    status: 400,
    message: 'The page cursor is not valid; start again from the first page.',
  },
  'invalid-expiry': { status: 400, message: 'Choose an expiry date in the future.' },
  'password-too-short': { status: 400, message: 'The password is too short.' },
  'password-too-long': { status: 400, message: 'The password is too long.' },
  'password-too-common': {
    status: 400,
    message:
      'This password is one of the most commonly used ones and easy to guess; choose another.',
  },
  'password-too-weak': {
    status: 400,
    message: 'This password is too easy to guess; choose a longer or less predictable one.',
  },
  'password-link-invalid': {
    status: 400,
    message: 'This link has expired or was already used. Ask your administrator for a new one.',
  },
  'mailbox-archive-unreadable': {
    status: 400,
    message:
      'This file is not an mbox file, a zip of .eml files or a Maildir archive (zip or tar); nothing was imported.',
  },
  'mailbox-archive-empty': {
    status: 400,
    message: 'This archive holds no messages; nothing was imported.',
  },
  'invalid-credentials': { status: 401, message: 'Invalid credentials.' },
  'mfa-required': {
    status: 401,
    message: 'Enter the code from your authenticator app, or a recovery code.',
  },
  'invalid-otp': { status: 401, message: 'The code is not valid.' },
  'mfa-password-refused': {
    status: 401,
    message:
      'This account has multi-factor authentication: scripts sign in with an API token, not the password.',
  },
  'reauthentication-required': {
    status: 401,
    message: 'Confirm it is you: sign in again or enter a code from your authenticator app.',
  },
  'saml-invalid': { status: 401, message: 'The single sign-on response could not be accepted.' },
  'unauthenticated-caller': {
    status: 401,
    message: 'This service answers only the gateway and the operator tools of its own deployment.',
  },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  'mfa-enrolment-required': {
    status: 403,
    message:
      'Your organisation requires a second factor for administrators: set up an authenticator app first.',
  },
  'user-disabled': {
    status: 403,
    message: 'Your account is disabled. Contact your administrator to have it activated again.',
  },
  'user-preserved': {
    status: 403,
    message:
      'Your account is preserved: your backed-up data is kept, but you cannot sign in. Contact your administrator.',
  },
  'web-access-disabled': { status: 403, message: 'Your profile does not allow the web portal.' },
  'sso-required': {
    status: 403,
    message:
      'Your organisation signs in with single sign-on: use "Sign in with SSO" instead of a password.',
  },
  'organization-not-found': { status: 404, message: 'This organisation does not exist.' },
  'administrator-not-found': {
    status: 404,
    message: 'There is no such administrator in your organisation.',
  },
  'user-not-found': { status: 404, message: 'There is no such user in your organisation.' },
  'account-not-found': {
    status: 404,
    message: 'There is no such administrator or user in your organisation.',
  },
  'session-not-found': { status: 404, message: 'There is no such session; it may have ended.' },
  'profile-not-found': { status: 404, message: 'There is no such profile in your organisation.' },
  'api-token-not-found': { status: 404, message: 'There is no such token.' },
  'pst-export-not-found': { status: 404, message: 'There is no such export.' },
  'mailbox-import-not-found': { status: 404, message: 'There is no such mailbox import.' },
  'audit-entry-not-found': { status: 404, message: 'There is no such audit entry.' },
  'organization-exists': { status: 409, message: 'This organisation already exists.' },
  'administrator-exists': {
    status: 409,
    message: 'An administrator with this email address already exists.',
  },
  'administrator-unchanged': { status: 409, message: 'The administrator is already so.' },
  'cannot-disable-self': { status: 409, message: 'You cannot disable your own account.' },
  'cannot-reset-self': {
    status: 409,
    message: 'To change your own password, use "Forgot password" on the sign-in page.',
  },
  'cannot-reset-own-mfa': {
    status: 409,
    message: 'Another cloud administrator has to reset your multi-factor authentication.',
  },
  'mfa-already-enrolled': {
    status: 409,
    message: 'An authenticator app is already set up for this account.',
  },
  'mfa-not-enrolling': {
    status: 409,
    message: 'Start setting up an authenticator app first.',
  },
  'user-exists': { status: 409, message: 'A user with this email address already exists.' },
  'user-status-unchanged': { status: 409, message: 'The user already has this status.' },
  'profile-exists': { status: 409, message: 'This profile already exists.' },
  'profile-name-taken': { status: 409, message: 'A profile with this name already exists.' },
  'profile-has-members': {
    status: 409,
    message: 'This profile still has users; move them to another profile first.',
  },
  'profile-is-default': { status: 409, message: 'The default profile cannot be deleted.' },
  'api-token-exists': { status: 409, message: 'This token already exists.' },
  'api-token-not-valid': {
    status: 409,
    message: 'This token has expired or was revoked; create a new one.',
  },
  'pst-export-exists': { status: 409, message: 'This export already exists.' },
  'pst-export-not-ready': { status: 409, message: 'Only a completed export has a download link.' },
  'mailbox-import-not-running': {
    status: 409,
    message: 'This import has already finished; start a new one to upload again.',
  },
  'mailbox-backup-missing': {
    status: 409,
    message: 'This user has no backup of this mailbox to export; import one first.',
  },
  'rebuild-running': {
    status: 409,
    message: 'A rebuild of the audit trail is already running; follow it with the same command.',
  },
  'concurrent-change': {
    status: 409,
    message: 'Someone else changed this at the same moment; reload it and try again.',
  },
  'mailbox-archive-too-large': {
    status: 413,
    message: 'This file is larger than the largest mailbox archive the console accepts.',
  },
  'locked-out': { status: 429, message: 'Too many failed sign-in attempts; try again later.' },
  'database-unavailable': {
    status: 503,
    message: 'The database is not available right now; try again shortly.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}
