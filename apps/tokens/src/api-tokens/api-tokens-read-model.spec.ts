import { type EventEnvelope, SYSTEM_ACTOR } from '@coffer/contracts';

import { tokenFields } from './api-tokens-read-model';

const event = (type: string, version: number, payload: unknown = {}): EventEnvelope => ({
  id: `event-${version}`,
  type,
  schemaVersion: 1,
  orgId: 'org-1',
  aggregate: { type: 'api-token', id: 'token-1', version },
  occurredAt: '2026-11-23T08:00:00.000Z',
  actor: SYSTEM_ACTOR,
  correlationId: 'c',
  payload,
});

describe('tokenFields', () => {
  const created = event('tokens.api-token.created', 1, {
    name: 'PST downloads',
    ownerId: 'admin-1',
    ownerEmail: 'ada@example.com',
    expiresAt: '2026-12-23T08:00:00.000Z',
    lastFour: 'abcd',
  });

  it('holds what the creation says, and the status the later events leave', () => {
    expect(tokenFields([created])).toEqual({
      orgId: 'org-1',
      ownerId: 'admin-1',
      ownerEmail: 'ada@example.com',
      name: 'PST downloads',
      createdAt: new Date('2026-11-23T08:00:00.000Z'),
      expiresAt: new Date('2026-12-23T08:00:00.000Z'),
      lastFour: 'abcd',
      status: 'active',
    });
    expect(tokenFields([created, event('tokens.api-token.revoked', 2)]).status).toBe('revoked');
    expect(tokenFields([created, event('tokens.api-token.expired', 2)]).status).toBe('expired');
  });

  it('sets only the status for a command that appended only a revocation', () => {
    expect(tokenFields([event('tokens.api-token.revoked', 2)])).toEqual({ status: 'revoked' });
  });
});
