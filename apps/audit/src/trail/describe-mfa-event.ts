import type { AuditActivityType, IdentityEvent } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';

type MfaEvent = Extract<
  IdentityEvent,
  {
    type:
      | 'identity.administrator.mfa-enrolled'
      | 'identity.administrator.mfa-reset'
      | 'identity.administrator.recovery-codes-regenerated'
      | 'identity.user.mfa-enrolled'
      | 'identity.user.mfa-reset'
      | 'identity.user.recovery-codes-regenerated';
  }
>;

export interface MfaDescription {
  activityType: AuditActivityType;
  action: string;
  target: AuditEntryDocument['target'];
  text: (actor: string) => string;
  details?: Record<string, unknown>;
}

/**
 * An administrator's or an end user's second factor set up, reset by another administrator
 * (break-glass) or given new recovery codes: the method and how many codes, never a secret (the
 * events hold none).
 */
export function describeMfaEvent(event: MfaEvent, email: string): MfaDescription {
  const target = { type: event.aggregate.type, id: event.aggregate.id, label: email };
  const management: AuditActivityType = event.type.startsWith('identity.administrator.')
    ? 'administrator-management'
    : 'user-management';
  switch (event.type) {
    case 'identity.administrator.mfa-enrolled':
    case 'identity.user.mfa-enrolled':
      return {
        activityType: management,
        action: 'mfa-enrolled',
        target,
        text: () => `${email} has set up an authenticator app`,
        details: { method: event.payload.method },
      };
    case 'identity.administrator.mfa-reset':
    case 'identity.user.mfa-reset':
      return {
        activityType: 'break-glass',
        action: 'mfa-reset',
        target,
        text: (actor) => `${actor} has reset the multi-factor authentication of ${email}`,
      };
    case 'identity.administrator.recovery-codes-regenerated':
    case 'identity.user.recovery-codes-regenerated':
      return {
        activityType: management,
        action: 'recovery-codes-regenerated',
        target,
        text: () => `${email} has replaced their recovery codes (the old ones no longer work)`,
        details: { recoveryCodes: event.payload.recoveryCodes },
      };
  }
}
