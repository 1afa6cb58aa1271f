import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';

import type { ServiceErrorBody } from '@coffer/contracts';

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
 * A request that failed because the database cannot be reached answers `database-unavailable`
 * (the gateway's 503) with a sentence a person understands, instead of Nest's bare
 * "Internal server error"; every other failure keeps Nest's handling.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseRpcExceptionFilter {
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
    return super.catch(exception, host);
  }
}
