import { RpcException } from '@nestjs/microservices';

import type { ServiceErrorBody } from '@coffer/contracts';

/**
 * A failure a person should read: a stable `code` for programs, a `message` for people.
 * It crosses the request/response boundary as is; the gateway maps the code to a status.
 */
export class ServiceError extends RpcException {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super({ code, message } satisfies ServiceErrorBody);
  }
}
