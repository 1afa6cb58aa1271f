import type { AuditActivityType, SessionEvent } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';

export interface SessionDescription {
  activityType: AuditActivityType;
  action: string;
  target: AuditEntryDocument['target'];
  text: (actor: string) => string;
  details: Record<string, unknown>;
}

const REASONS: Record<string, string> = {
  revoked: '',
  'password-reset': ' after a password reset',
  'mfa-reset': ' after an MFA reset',
};

/** Sessions ended by an administrator, or by a password or MFA reset: who, whose, how many. */
export function describeSessionsRevoked(event: SessionEvent): SessionDescription {
  const { payload } = event;
  const count = payload.sessions.length;
  const which = payload.scope === 'one' ? 'a session' : `all sessions (${count})`;
  return {
    activityType: 'sessions',
    action: 'sessions-revoked',
    target: { type: payload.accountKind, id: payload.accountId, label: payload.accountEmail },
    text: (actor) =>
      `${actor} has ended ${which} of ${payload.accountEmail}${REASONS[payload.reason] ?? ''}`,
    details: {
      scope: payload.scope,
      reason: payload.reason,
      sessions: payload.sessions.map((session) => session.id),
    },
  };
}
