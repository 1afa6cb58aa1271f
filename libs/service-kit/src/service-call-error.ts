import type { ErrorCode, MessageService } from '@coffer/contracts';

/** A backend service answered with one of its declared errors. */
export class ServiceCallError<Code extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceCallError';
  }
}

/** The service did not answer in time, could not be reached, or answered something undeclared. */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: MessageService,
    cause?: unknown,
  ) {
    super(`The ${service} service is not available right now; try again shortly.`, { cause });
    this.name = 'ServiceUnavailableError';
  }
}
