import { INVALID_CREDENTIALS, SAML_INVALID } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

export const SignInErrors = {
  invalidCredentials: () => new ServiceError(INVALID_CREDENTIALS.code, INVALID_CREDENTIALS.message),
  userDisabled: () =>
    new ServiceError(
      'user-disabled',
      'Your account is disabled. Contact your administrator to have it activated again.',
    ),
  userPreserved: () =>
    new ServiceError(
      'user-preserved',
      'Your account is preserved: your backed-up data is kept, but you cannot sign in. Contact your administrator.',
    ),
  webAccessDisabled: () =>
    new ServiceError(
      'web-access-disabled',
      'Web restore and Share are both turned off for your account, so the web portal has nothing to offer you. Ask your administrator to turn one of them on in your profile.',
    ),
  ssoRequired: () =>
    new ServiceError(
      'sso-required',
      'Your organisation signs in with single sign-on: use "Sign in with SSO" instead of a password.',
    ),
  mfaRequired: () =>
    new ServiceError(
      'mfa-required',
      'Enter the code from your authenticator app, or a recovery code.',
    ),
  /** One sentence for wrong, expired, reused and malformed codes alike. */
  invalidOtp: () => new ServiceError('invalid-otp', 'The code is not valid.'),
  mfaPasswordRefused: () =>
    new ServiceError(
      'mfa-password-refused',
      'This account has multi-factor authentication: scripts sign in with an API token (HTTP Basic with email:cft_…), not the password.',
    ),
  mfaEnrolmentRequired: () =>
    new ServiceError(
      'mfa-enrolment-required',
      'Your organisation requires a second factor for administrators: set up an authenticator app in the console first.',
    ),
  samlInvalid: () => new ServiceError(SAML_INVALID.code, SAML_INVALID.message),
  lockedOut: (until: Date, now: Date) => {
    const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
    return new ServiceError(
      'locked-out',
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  },
};
