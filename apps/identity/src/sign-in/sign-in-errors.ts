import { ServiceError } from '@coffer/service-kit';

/** The one message for every credential failure: it never tells whether an account exists. */
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email-id\\username or password';

export const SignInErrors = {
  invalidCredentials: () => new ServiceError('invalid-credentials', INVALID_CREDENTIALS_MESSAGE),
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
      'inSync Share and Web restore are disabled for your account',
    ),
  lockedOut: (until: Date, now: Date) => {
    const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
    return new ServiceError(
      'locked-out',
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  },
};
