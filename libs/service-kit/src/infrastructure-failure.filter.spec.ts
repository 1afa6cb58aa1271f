import type { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom, type Observable } from 'rxjs';

import { ConcurrencyError } from '@coffer/event-sourcing';

import { InfrastructureFailureFilter } from './infrastructure-failure.filter';
import { ServiceError } from './service-error';

const host = {} as ArgumentsHost;

function failureOf(answer: Observable<unknown>): Promise<unknown> {
  return firstValueFrom(answer).then(
    () => {
      throw new Error('expected the answer to fail');
    },
    (error: unknown) => error,
  );
}

function named(name: string): Error {
  const error = new Error('connect ECONNREFUSED 127.0.0.1:27117');
  error.name = name;
  return error;
}

describe('InfrastructureFailureFilter', () => {
  const filter = new InfrastructureFailureFilter('identity');

  it.each(['MongoServerSelectionError', 'MongoNetworkError', 'MongoPoolClearedError'])(
    'turns %s into database-unavailable without the driver text',
    async (name) => {
      expect(await failureOf(filter.catch(named(name), host))).toEqual({
        code: 'database-unavailable',
        message: 'The identity service cannot reach its database right now; try again shortly.',
      });
    },
  );

  it('turns a lost race with a concurrent writer into concurrent-change, saying to retry', async () => {
    expect(await failureOf(filter.catch(new ConcurrencyError('user-1', 3), host))).toEqual({
      code: 'concurrent-change',
      message: 'Someone else changed this at the same moment; reload it and try again.',
    });
  });

  it('leaves service errors and other failures to Nest', async () => {
    expect(await failureOf(filter.catch(new ServiceError('user-exists', 'Taken.'), host))).toEqual({
      code: 'user-exists',
      message: 'Taken.',
    });
    expect(await failureOf(filter.catch(new TypeError('x is undefined'), host))).toEqual({
      status: 'error',
      message: 'Internal server error',
    });
  });
});
