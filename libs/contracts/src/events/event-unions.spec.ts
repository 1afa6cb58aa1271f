import type { EventEnvelope } from '../envelope';
import {
  isAuthEvent,
  isCofferEvent,
  isIdentityEvent,
  isProfilesEvent,
  isPstExportEvent,
  isSessionEvent,
  isSsoTestEvent,
  isTokensEvent,
} from './event-unions';

const envelope = (type: string): EventEnvelope => ({
  id: '0190d6f0-0000-7000-8000-000000000001',
  type,
  schemaVersion: 1,
  orgId: 'org-1',
  aggregate: { type: 'x', id: 'x-1', version: 1 },
  occurredAt: '2026-11-23T08:00:00.000Z',
  actor: { type: 'system' },
  correlationId: 'c',
  payload: {},
});

describe('event guards', () => {
  const guards = {
    identity: isIdentityEvent,
    auth: isAuthEvent,
    session: isSessionEvent,
    ssoTest: isSsoTestEvent,
    profiles: isProfilesEvent,
    tokens: isTokensEvent,
    pstExport: isPstExportEvent,
  };
  const examples: Record<keyof typeof guards, string> = {
    identity: 'identity.user.created',
    auth: 'identity.sign-in.failed',
    session: 'identity.sessions.revoked',
    ssoTest: 'identity.sso.tested',
    profiles: 'profiles.profile.renamed',
    tokens: 'tokens.api-token.revoked',
    pstExport: 'mailbox.backup-imported',
  };

  it('takes each event for what its type says, and for nothing else', () => {
    for (const [family, type] of Object.entries(examples)) {
      for (const [other, guard] of Object.entries(guards))
        expect([other, guard(envelope(type))]).toEqual([other, other === family]);
      expect(isCofferEvent(envelope(type))).toBe(true);
    }
  });

  it('knows no event type nobody publishes, nor an inherited property name', () => {
    for (const type of ['identity.user.renamed', 'audit.entry.written', 'toString', 'constructor'])
      expect(isCofferEvent(envelope(type))).toBe(false);
  });
});
