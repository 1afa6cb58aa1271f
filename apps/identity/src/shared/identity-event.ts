import type { EventEnvelope, IdentityEvent, IdentityEventType } from '@coffer/contracts';

/** Every identity event type: a type added to the contracts and left out here does not compile. */
const IDENTITY_EVENT_TYPES: Record<IdentityEventType, true> = {
  'identity.organization.created': true,
  'identity.organization.sso-configured': true,
  'identity.organization.sso-enforcement-changed': true,
  'identity.administrator.created': true,
  'identity.administrator.password-reset-requested': true,
  'identity.administrator.fail-safe-password-set': true,
  'identity.administrator.role-changed': true,
  'identity.administrator.disabled': true,
  'identity.user.created': true,
  'identity.user.activated': true,
  'identity.user.disabled': true,
  'identity.user.preserved': true,
  'identity.user.profile-assigned': true,
};

/** Narrows an envelope to the contracts' union of identity events by its type. */
export function isIdentityEvent(event: EventEnvelope): event is IdentityEvent {
  return Object.hasOwn(IDENTITY_EVENT_TYPES, event.type);
}
