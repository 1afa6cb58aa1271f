import { HttpException, HttpStatus } from '@nestjs/common';

import { INVALID_CREDENTIALS } from '@coffer/contracts';

export function invalidCredentials(): HttpException {
  return new HttpException(INVALID_CREDENTIALS, HttpStatus.UNAUTHORIZED);
}
