import type { AuditActivityType, IdentityEvent } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';

type PasskeyEvent = Extract<
  IdentityEvent,
  { type: 'identity.administrator.passkey-registered' | 'identity.administrator.passkey-removed' }
>;

export interface PasskeyDescription {
  activityType: AuditActivityType;
  action: string;
  target: AuditEntryDocument['target'];
  text: (actor: string) => string;
  details: Record<string, unknown>;
}

/** A passkey added to or removed from an administrator's account: its name and short id only. */
export function describePasskeyEvent(event: PasskeyEvent, email: string): PasskeyDescription {
  const target = { type: event.aggregate.type, id: event.aggregate.id, label: email };
  const details = { passkeyId: event.payload.passkeyId, name: event.payload.name };
  return event.type === 'identity.administrator.passkey-registered'
    ? {
        activityType: 'administrator-management',
        action: 'passkey-registered',
        target,
        text: () => `${email} has registered the passkey ${event.payload.name}`,
        details,
      }
    : {
        activityType: 'administrator-management',
        action: 'passkey-removed',
        target,
        text: (actor) => `${actor} has removed the passkey ${event.payload.name} of ${email}`,
        details,
      };
}
