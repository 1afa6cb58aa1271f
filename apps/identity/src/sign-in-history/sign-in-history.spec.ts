import type { EventEnvelope } from '@coffer/contracts';

import { signInAttemptOf } from './sign-in-history';

const failed = (payload: Record<string, unknown>): EventEnvelope => ({
  id: '0190a000-0000-7000-8000-000000000001',
  type: 'identity.sign-in.failed',
  schemaVersion: 1,
  orgId: 'org-1',
  aggregate: { type: 'sign-in-attempt', id: 'a-1', version: 1 },
  occurredAt: '2026-12-02T10:00:00.000Z',
  actor: { type: 'administrator', id: 'admin-1', ip: '203.0.113.9' },
  correlationId: 'c-1',
  payload: { surface: 'console', email: 'ada@example.com', accountId: 'admin-1', ...payload },
});

describe('the sign-in history', () => {
  // An attempt on the PST download page used to read as one at console sign-in.
  it('says an attempt was made on the PST download page', () => {
    expect(
      signInAttemptOf(failed({ reason: 'bad-credentials', via: 'pst-download' }))?.entry,
    ).toMatchObject({ surface: 'console', via: 'pst-download', outcome: 'failed' });
    expect(signInAttemptOf(failed({ reason: 'bad-credentials' }))?.entry).not.toHaveProperty('via');
  });
});
