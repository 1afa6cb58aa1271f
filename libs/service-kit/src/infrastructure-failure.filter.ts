import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';

import { ERRORS, type ServiceErrorBody } from '@coffer/contracts';
import { ConcurrencyError } from '@coffer/event-sourcing';

/** The MongoDB driver's names for "the server is not there" (as opposed to a refused command). */
const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/**
 * Failures of what a service stands on become declared errors with a sentence a person
 * understands, instead of Nest's bare "Internal server error": a database that cannot be reached
 * answers `database-unavailable` (503), a command that lost a race with a concurrent writer of the
 * same aggregate (after the retries its command allows) answers `concurrent-change` (409). Every
 * other failure keeps Nest's handling.
 */
@Catch()
export class InfrastructureFailureFilter extends BaseRpcExceptionFilter {
  constructor(private readonly service: string) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    if (exception instanceof Error && UNREACHABLE.has(exception.name)) {
      const body: ServiceErrorBody = {
        code: 'database-unavailable',
        message: `The ${this.service} service cannot reach its database right now; try again shortly.`,
      };
      return throwError(() => body);
    }
    if (exception instanceof ConcurrencyError) {
      const body: ServiceErrorBody = {
        code: 'concurrent-change',
        message: ERRORS['concurrent-change'].message,
      };
      return throwError(() => body);
    }
    return super.catch(exception, host);
  }
}
