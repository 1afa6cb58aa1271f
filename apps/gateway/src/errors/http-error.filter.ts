import {
  ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import type { NotFoundPage } from '../web/web-app';

const MESSAGE_OF_STATUS: Record<number, { code: string; message: string }> = {
  [HttpStatus.NOT_FOUND]: { code: 'not-found', message: 'There is nothing at this address.' },
  [HttpStatus.PAYLOAD_TOO_LARGE]: {
    code: 'body-too-large',
    message: 'The request body is too large.',
  },
  [HttpStatus.BAD_REQUEST]: { code: 'invalid-request', message: 'The request is not valid.' },
};

/**
 * Every error leaves the gateway as `{ code, message }` with the right status: never a stack
 * trace or an internal detail. Unexpected errors are logged here and answered with a 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  /** `notFoundPage` answers a browser that opened an address no route serves. */
  constructor(private readonly notFoundPage?: NotFoundPage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const noRoute = status === HttpStatus.NOT_FOUND && !hasCode(body);
      if (noRoute && this.notFoundPage?.(host.switchToHttp().getRequest<Request>(), response))
        return;
      const structured = hasCode(body)
        ? body
        : isHealthReport(body)
          ? {
              code: 'unhealthy',
              message: `Not ready: ${Object.keys(body.error ?? {}).join(', ')}.`,
              ...body,
            }
          : (MESSAGE_OF_STATUS[status] ?? { code: `http-${status}`, message: exception.message });
      response.status(status).json(structured);
      return;
    }
    const status = (exception as { status?: number; type?: string }).status;
    if (status && status >= 400 && status < 500) {
      // body-parser's own errors (malformed JSON, too large) carry a status of their own.
      const known = MESSAGE_OF_STATUS[status] ?? {
        code: `http-${status}`,
        message: 'The request is not valid.',
      };
      response.status(status).json(known);
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ code: 'internal-error', message: 'Something went wrong on our side; try again.' });
  }
}

/** A body this project wrote (`{ code, message }`), not a framework's default. */
function hasCode(body: unknown): body is { code: string; message: string } {
  return typeof body === 'object' && body !== null && 'code' in body && 'message' in body;
}

/** Terminus' report of a failed health check: kept whole, with what is down named up front. */
function isHealthReport(
  body: unknown,
): body is { status: string; error?: Record<string, unknown> } {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { status?: unknown }).status === 'error' &&
    'details' in body
  );
}
