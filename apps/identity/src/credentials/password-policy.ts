import { dictionary } from '@zxcvbn-ts/language-common';

import { ServiceError } from '@coffer/service-kit';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; beyond it we refuse before hashing so a huge body costs nothing. */
export const MAX_PASSWORD_LENGTH = 256;

/** The 49,000 most common passwords that zxcvbn-ts ships, compared without regard to case. */
const COMMON_PASSWORDS = new Set(dictionary.passwords.map((password) => password.toLowerCase()));

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
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw new ServiceError(
      'password-too-common',
      'This password is one of the most commonly used ones and easy to guess; choose another.',
    );
  }
}
