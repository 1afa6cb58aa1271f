import { HttpException, HttpStatus } from '@nestjs/common';
import { firstValueFrom, timeout } from 'rxjs';

import { isServiceErrorBody } from '@coffer/contracts';

import type { BackendClients, BackendName } from './backend-clients';

/** HTTP status for each service error code; anything not listed is a 400. */
const STATUS_OF_CODE: Record<string, number> = {
  'invalid-request': HttpStatus.BAD_REQUEST,
  'invalid-cursor': HttpStatus.BAD_REQUEST,
  'audit-entry-not-found': HttpStatus.NOT_FOUND,
  'password-too-short': HttpStatus.BAD_REQUEST,
  'password-too-long': HttpStatus.BAD_REQUEST,
  'password-too-common': HttpStatus.BAD_REQUEST,
  'organization-not-found': HttpStatus.NOT_FOUND,
  'organization-exists': HttpStatus.CONFLICT,
  'administrator-exists': HttpStatus.CONFLICT,
  'user-exists': HttpStatus.CONFLICT,
  'user-not-found': HttpStatus.NOT_FOUND,
  'user-status-unchanged': HttpStatus.CONFLICT,
  'invalid-credentials': HttpStatus.UNAUTHORIZED,
  'user-disabled': HttpStatus.FORBIDDEN,
  'user-preserved': HttpStatus.FORBIDDEN,
  'web-access-disabled': HttpStatus.FORBIDDEN,
  'locked-out': HttpStatus.TOO_MANY_REQUESTS,
  forbidden: HttpStatus.FORBIDDEN,
  'api-token-not-found': HttpStatus.NOT_FOUND,
  'api-token-not-valid': HttpStatus.CONFLICT,
  'invalid-expiry': HttpStatus.BAD_REQUEST,
  'pst-export-not-found': HttpStatus.NOT_FOUND,
  'pst-export-not-ready': HttpStatus.CONFLICT,
  'pst-export-exists': HttpStatus.CONFLICT,
  'profile-not-found': HttpStatus.NOT_FOUND,
  'profile-exists': HttpStatus.CONFLICT,
  'profile-name-taken': HttpStatus.CONFLICT,
  'profile-has-members': HttpStatus.CONFLICT,
  'profile-is-default': HttpStatus.CONFLICT,
  'password-link-invalid': HttpStatus.BAD_REQUEST,
  'administrator-not-found': HttpStatus.NOT_FOUND,
  'administrator-unchanged': HttpStatus.CONFLICT,
  'cannot-disable-self': HttpStatus.CONFLICT,
  'cannot-reset-self': HttpStatus.CONFLICT,
  'sso-required': HttpStatus.FORBIDDEN,
  'saml-invalid': HttpStatus.UNAUTHORIZED,
  'database-unavailable': HttpStatus.SERVICE_UNAVAILABLE,
};

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Sends one request to a backend service. A service error keeps its code and message; a
 * service that does not answer in time, or is not reachable, becomes a 503 a person understands.
 */
export async function callBackend<Result>(
  clients: BackendClients,
  service: BackendName,
  pattern: string,
  data: unknown,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Result> {
  try {
    return await firstValueFrom(
      clients.get(service).send<Result>(pattern, data).pipe(timeout(timeoutMs)),
    );
  } catch (error) {
    if (isServiceErrorBody(error)) {
      throw new HttpException(
        { code: error.code, message: error.message },
        STATUS_OF_CODE[error.code] ?? HttpStatus.BAD_REQUEST,
      );
    }
    throw new HttpException(
      {
        code: 'service-unavailable',
        message: `The ${service} service is not available right now; try again shortly.`,
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
