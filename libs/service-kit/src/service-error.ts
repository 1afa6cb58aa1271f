import { RpcException } from '@nestjs/microservices';

import { type ErrorCode, ERRORS, type ServiceErrorBody } from '@coffer/contracts';

/**
 * A failure a person should read: a declared `code` for programs (see `ERRORS`), a `message`
 * for people (the code's own sentence unless a more specific one is given). It crosses the
 * request/response boundary as is; the gateway maps the code to its status.
 */
export class ServiceError extends RpcException {
  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
  ) {
    super({ code, message } satisfies ServiceErrorBody);
  }
}
