/**
 * Every error a backend service may answer, with the HTTP status the gateway gives it and the
 * sentence a person reads when the service has nothing more specific to say. A code is declared
 * here or it cannot be thrown (`ServiceError` takes an `ErrorCode`); codes are grouped by their
 * status, so a code cannot be declared without one, nor without its sentence.
 */
const SENTENCES_BY_STATUS = {
  400: {
    'invalid-request': 'The request is not valid.',
    'invalid-cursor': 'The page cursor is not valid; start again from the first page.',
    'invalid-expiry': 'Choose an expiry date in the future.',
    'mailbox-archive-unreadable':
      'This file is not an mbox file, a zip of .eml files or a Maildir archive (zip or tar); nothing was imported.',
    'mailbox-archive-empty': 'This archive holds no messages; nothing was imported.',
    'passkey-registration-failed': 'The passkey could not be registered; try again.',
    // Told from the typed text alone, before any account is looked at: they reveal nothing.
    'api-token-malformed': 'An API token starts with cft_. A password goes in the password field.',
    'password-looks-like-token':
      'This looks like an API token (it starts with cft_): choose "API token" to use it.',
    'password-too-short': 'The password is too short.',
    'password-too-long': 'The password is too long.',
    'password-too-common':
      'This password is one of the most commonly used ones and easy to guess; choose another.',
    'password-too-weak':
      'This password is too easy to guess; choose a longer or less predictable one.',
    'password-link-invalid':
      'This link has expired or was already used. Ask your administrator for a new one.',
  },
  401: {
    'invalid-credentials': 'Invalid credentials.',
    'mfa-required': 'Enter the code from your authenticator app, or a recovery code.',
    'invalid-otp': 'The code is not valid.',
    'mfa-password-refused':
      'This account has multi-factor authentication: scripts sign in with an API token, not the password.',
    'reauthentication-required':
      'Confirm it is you: sign in again or enter a code from your authenticator app.',
    'saml-invalid': 'The single sign-on response could not be accepted.',
    'unauthenticated-caller':
      'This service answers only the gateway and the operator tools of its own deployment.',
  },
  403: {
    forbidden: 'You are not allowed to do this.',
    'mfa-enrolment-required':
      'Your organisation requires a second factor: set up an authenticator app first.',
    'user-disabled':
      'Your account is disabled. Contact your administrator to have it activated again.',
    'user-preserved':
      'Your account is preserved: your backed-up data is kept, but you cannot sign in. Contact your administrator.',
    'web-access-disabled': 'Your profile does not allow the web portal.',
    'sso-required':
      'Your organisation signs in with single sign-on: use "Sign in with SSO" instead of a password.',
  },
  404: {
    'organization-not-found': 'This organisation does not exist.',
    'administrator-not-found': 'There is no such administrator in your organisation.',
    'user-not-found': 'There is no such user in your organisation.',
    'mailbox-import-not-found': 'There is no such mailbox import.',
    'passkey-not-found': 'There is no such passkey on your account.',
    'account-not-found': 'There is no such administrator or user in your organisation.',
    'session-not-found': 'There is no such session; it may have ended.',
    'profile-not-found': 'There is no such profile in your organisation.',
    'api-token-not-found': 'There is no such token.',
    'pst-export-not-found': 'There is no such export.',
    'audit-entry-not-found': 'There is no such audit entry.',
    'sso-not-configured': 'Single sign-on is not set up for this organisation.',
    'sso-test-not-found': 'There is no such SSO test; start a new one from Settings → SSO.',
  },
  409: {
    'organization-exists': 'This organisation already exists.',
    'mailbox-import-not-running':
      'This import has already finished; start a new one to upload again.',
    'mailbox-import-upload-running':
      'An archive is already being uploaded to this import; wait for it to finish, or start another import.',
    'mailbox-backup-missing':
      'This user has no backup of this mailbox to export; import one first.',
    'passkey-exists': 'This passkey is already registered.',
    'passkey-limit-reached':
      'An account has at most 10 passkeys: remove one before adding another.',
    'administrator-exists': 'An administrator with this email address already exists.',
    'administrator-unchanged': 'The administrator is already so.',
    'cannot-disable-self': 'You cannot disable your own account.',
    'user-password-already-set':
      'This user has already chosen a password; there is no invitation to send again.',
    'user-not-active':
      'This user is disabled or preserved; activate them before sending an invitation.',
    'cannot-reset-self': 'To change your own password, use "Forgot password" on the sign-in page.',
    'cannot-reset-own-mfa':
      'Another cloud administrator has to reset your multi-factor authentication.',
    'mfa-already-enrolled': 'An authenticator app is already set up for this account.',
    'mfa-not-enrolling': 'Start setting up an authenticator app first.',
    'mfa-not-enrolled': 'Set up an authenticator app first: recovery codes belong to it.',
    'user-exists': 'A user with this email address already exists.',
    'user-status-unchanged': 'The user already has this status.',
    'profile-exists': 'This profile already exists.',
    'profile-name-taken': 'A profile with this name already exists.',
    'profile-has-members': 'This profile still has users; move them to another profile first.',
    'profile-is-default': 'The default profile cannot be deleted.',
    'api-token-exists': 'This token already exists.',
    'api-token-not-valid': 'This token has expired or was revoked; create a new one.',
    'pst-export-exists': 'This export already exists.',
    'pst-export-not-ready': 'Only a completed export has a download link.',
    'rebuild-running':
      'A rebuild of the audit trail is already running; follow it with the same command.',
    'sso-test-already-started':
      'This SSO test has already been sent to the identity provider; start a new one.',
    'sso-test-already-finished': 'This SSO test already has its result; start a new one.',
    'concurrent-change': 'Someone else changed this at the same moment; reload it and try again.',
  },
  410: {
    'pst-export-unavailable':
      'This export is not available: its link has expired or it is not finished. Reissue the link from the console.',
  },
  413: {
    'mailbox-archive-too-large':
      'This file is larger than the largest mailbox archive the console accepts.',
  },
  429: {
    'locked-out': 'Too many failed sign-in attempts; try again later.',
  },
  503: {
    'database-unavailable': 'The database is not available right now; try again shortly.',
  },
} as const satisfies Record<number, Record<string, string>>;

type ByStatus = typeof SENTENCES_BY_STATUS;
type Status = keyof ByStatus;

export type ErrorCode = { [S in Status]: keyof ByStatus[S] }[Status];

/** A code listed under two statuses: there must be none, or `ERRORS` is not usable. */
type ListedTwice = {
  [S in Status]: keyof ByStatus[S] &
    { [Other in Exclude<Status, S>]: keyof ByStatus[Other] }[Exclude<Status, S>];
}[Status];

export interface ErrorDeclaration {
  readonly status: number;
  readonly message: string;
}

export const ERRORS = Object.fromEntries(
  Object.entries(SENTENCES_BY_STATUS).flatMap(([status, sentences]) =>
    Object.entries(sentences).map(([code, message]) => [code, { status: Number(status), message }]),
  ),
) as [ListedTwice] extends [never]
  ? Readonly<Record<ErrorCode, ErrorDeclaration>>
  : { listedUnderTwoStatuses: ListedTwice };

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}
