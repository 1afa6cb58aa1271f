import type { EventEnvelope } from '@coffer/contracts';

import { describeEvent } from './describe-event';

function event(overrides: Partial<EventEnvelope>): EventEnvelope {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    type: 'identity.administrator.created',
    schemaVersion: 1,
    orgId: 'org-1',
    aggregate: { type: 'administrator', id: 'admin-2', version: 1 },
    occurredAt: '2026-11-23T10:00:00.000Z',
    actor: { type: 'administrator', id: 'admin-1' },
    correlationId: 'c-1',
    payload: { email: 'bob@example.com', name: 'Bob', role: 'product-administrator' },
    ...overrides,
  };
}

describe('describeEvent', () => {
  const people = new Map([['admin-1', { email: 'alice@example.com', name: 'Alice' }]]);

  it('writes the sentence a person reads, naming the actor as known at the time', () => {
    const entry = describeEvent(event({}), people);

    expect(entry).toMatchObject({
      _id: '0190a000-0000-7000-8000-000000000001',
      trail: 'admin',
      activityType: 'administrator-management',
      actor: { type: 'administrator', id: 'admin-1', email: 'alice@example.com', name: 'Alice' },
      target: { type: 'administrator', id: 'admin-2', label: 'bob@example.com' },
      description:
        'alice@example.com has created the administrator bob@example.com (Product Administrator)',
    });
  });

  it('puts system actions on the system trail', () => {
    const entry = describeEvent(
      event({
        type: 'identity.organization.created',
        actor: { type: 'system' },
        payload: { name: 'Acme', slug: 'acme' },
      }),
      people,
    );
    expect(entry).toMatchObject({
      trail: 'system',
      description: 'System has created the organisation Acme',
    });
  });

  it('describes ended sessions: whose, how many, why, and who ended them', () => {
    const revoked = (scope: 'one' | 'all', reason: string, sessions: string[]) =>
      describeEvent(
        event({
          type: 'identity.sessions.revoked',
          aggregate: { type: 'session-revocation', id: 'r-1', version: 1 },
          payload: {
            accountId: 'user-7',
            accountKind: 'user',
            accountEmail: 'bob@example.com',
            sessions: sessions.map((id) => ({ id, surface: 'portal' })),
            scope,
            reason,
          },
        }),
        people,
      );
    expect(revoked('one', 'revoked', ['0123456789abcdef'])).toMatchObject({
      trail: 'admin',
      activityType: 'sessions',
      action: 'sessions-revoked',
      target: { type: 'user', id: 'user-7', label: 'bob@example.com' },
      description: 'alice@example.com has ended a session of bob@example.com',
      details: { scope: 'one', reason: 'revoked', sessions: ['0123456789abcdef'] },
    });
    expect(revoked('all', 'password-reset', ['a', 'b'])?.description).toBe(
      'alice@example.com has ended all sessions (2) of bob@example.com after a password reset',
    );
    expect(revoked('all', 'mfa-reset', [])?.description).toBe(
      'alice@example.com has ended all sessions (0) of bob@example.com after an MFA reset',
    );
  });

  it('ignores events that are not audited', () => {
    expect(describeEvent(event({ type: 'identity.something.unknown' }), people)).toBeUndefined();
  });

  it('describes SSO settings changes under their own activity type', () => {
    const entry = describeEvent(
      event({
        type: 'identity.organization.sso-enforcement-changed',
        aggregate: { type: 'organization', id: 'org-1', version: 3 },
        payload: { enforcement: 'users-and-administrators', previousEnforcement: 'off' },
      }),
      people,
    );
    expect(entry).toMatchObject({
      activityType: 'sso-settings',
      description:
        'alice@example.com has changed SSO enforcement from off to users and administrators',
    });
  });

  it('puts break-glass uses under their own activity type, without a secret', () => {
    const people2 = new Map([...people, ['admin-2', { email: 'bob@example.com', name: 'Bob' }]]);
    const reset = describeEvent(
      event({ type: 'identity.administrator.mfa-reset', payload: {} }),
      people2,
    );
    const recovery = describeEvent(
      event({
        type: 'identity.mfa.recovery-code-used',
        aggregate: { type: 'sign-in-attempt', id: 'attempt-1', version: 1 },
        actor: { type: 'administrator', id: 'admin-2', email: 'bob@example.com' },
        payload: {
          surface: 'console',
          email: 'bob@example.com',
          accountId: 'admin-2',
          remaining: 8,
        },
      }),
      people2,
    );
    const failSafe = describeEvent(
      event({
        type: 'identity.sign-in.fail-safe-used',
        aggregate: { type: 'sign-in-attempt', id: 'attempt-2', version: 1 },
        actor: { type: 'administrator', id: 'admin-2', email: 'bob@example.com' },
        payload: {
          surface: 'console',
          email: 'bob@example.com',
          accountId: 'admin-2',
          enforcement: 'users-and-administrators',
        },
      }),
      people2,
    );
    expect([reset, recovery, failSafe].map((entry) => entry?.activityType)).toEqual([
      'break-glass',
      'break-glass',
      'break-glass',
    ]);
    expect(reset?.description).toBe(
      'alice@example.com has reset the multi-factor authentication of bob@example.com',
    );
    expect(recovery?.description).toBe(
      'bob@example.com has signed in to the management console with a recovery code (8 left)',
    );
    expect(failSafe?.description).toBe(
      'bob@example.com has signed in to the management console with the fail-safe password while SSO is enforced',
    );
  });

  it('describes passkeys added and removed by name, and passkey sign-ins, without a key', () => {
    const people2 = new Map([
      ['admin-1', { email: 'alice@example.com', name: 'Alice' }],
      ['admin-2', { email: 'bob@example.com', name: 'Bob' }],
    ]);
    const own = { type: 'administrator' as const, id: 'admin-2', email: 'bob@example.com' };
    const registered = describeEvent(
      event({
        type: 'identity.administrator.passkey-registered',
        actor: own,
        payload: { passkeyId: '0123456789abcdef', name: 'Work laptop' },
      }),
      people2,
    );
    const removed = describeEvent(
      event({
        type: 'identity.administrator.passkey-removed',
        actor: own,
        payload: { passkeyId: '0123456789abcdef', name: 'Work laptop' },
      }),
      people2,
    );
    const signedIn = describeEvent(
      event({
        type: 'identity.sign-in.succeeded',
        aggregate: { type: 'sign-in-attempt', id: 'attempt-3', version: 1 },
        actor: own,
        payload: {
          surface: 'console',
          email: 'bob@example.com',
          accountId: 'admin-2',
          method: 'passkey',
        },
      }),
      people2,
    );
    const failSafe = describeEvent(
      event({
        type: 'identity.sign-in.fail-safe-used',
        aggregate: { type: 'sign-in-attempt', id: 'attempt-4', version: 1 },
        actor: own,
        payload: {
          surface: 'console',
          email: 'bob@example.com',
          accountId: 'admin-2',
          enforcement: 'users-and-administrators',
          method: 'passkey',
        },
      }),
      people2,
    );
    expect(registered).toMatchObject({
      trail: 'admin',
      activityType: 'administrator-management',
      action: 'passkey-registered',
      target: { type: 'administrator', id: 'admin-2', label: 'bob@example.com' },
      description: 'bob@example.com has registered the passkey Work laptop',
      details: { passkeyId: '0123456789abcdef', name: 'Work laptop' },
    });
    expect(removed?.description).toBe(
      'bob@example.com has removed the passkey Work laptop of bob@example.com',
    );
    expect(signedIn?.description).toBe(
      'bob@example.com has signed in to the management console with a passkey',
    );
    expect(failSafe).toMatchObject({
      activityType: 'break-glass',
      description:
        'bob@example.com has signed in to the management console with a passkey while SSO is enforced',
    });
  });
});
