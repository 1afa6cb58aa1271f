import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * The one answer for every failed sign-in, whatever the reason, so the answer never tells
 * whether an account exists. The text is the one users of inSync know.
 */
export const INVALID_CREDENTIALS_BODY = {
  code: 'invalid-credentials',
  message: 'Invalid email-id\\username or password',
} as const;

export function invalidCredentials(): HttpException {
  return new HttpException(INVALID_CREDENTIALS_BODY, HttpStatus.UNAUTHORIZED);
}
