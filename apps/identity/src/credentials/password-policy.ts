import { ServiceError } from '@coffer/service-kit';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; beyond it we refuse before hashing so a huge body costs nothing. */
export const MAX_PASSWORD_LENGTH = 256;

/** Checks a new password; the message says what to change. Length counts characters, not bytes. */
export function assertAcceptablePassword(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new ServiceError(
      'password-too-short',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new ServiceError(
      'password-too-long',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
    );
  }
}
