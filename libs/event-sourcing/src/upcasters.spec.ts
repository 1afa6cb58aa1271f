import type { EventEnvelope } from '@coffer/contracts';

import { UpcasterChain } from './upcasters';

describe('UpcasterChain', () => {
  const v1 = {
    id: 'e',
    type: 'identity.user.created',
    schemaVersion: 1,
    payload: { fullName: 'Ada Lovelace' },
  } as unknown as EventEnvelope;

  it('upcasts old events step by step to the current schema', () => {
    const chain = new UpcasterChain([
      {
        type: 'identity.user.created',
        fromVersion: 1,
        upcast: (event) => ({
          ...event,
          payload: { name: (event.payload as { fullName: string }).fullName },
        }),
      },
      {
        type: 'identity.user.created',
        fromVersion: 2,
        upcast: (event) => ({
          ...event,
          payload: { ...(event.payload as object), status: 'active' },
        }),
      },
    ]);

    expect(chain.apply(v1)).toMatchObject({
      schemaVersion: 3,
      payload: { name: 'Ada Lovelace', status: 'active' },
    });
  });

  it('leaves current events alone', () => {
    expect(new UpcasterChain().apply(v1)).toBe(v1);
  });
});
