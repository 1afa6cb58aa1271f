import type { EventEnvelope } from '../envelope';

export type AdministratorRole = 'cloud-administrator' | 'product-administrator';

export interface OrganizationCreatedPayload {
  name: string;
  slug: string;
}

export interface AdministratorCreatedPayload {
  email: string;
  name: string;
  role: AdministratorRole;
}

export interface AdministratorFailSafePasswordSetPayload {
  // Deliberately empty of the password or its hash: that lives only in identity's credential store.
  reason: 'initial' | 'reset';
}

export type UserStatus = 'active' | 'disabled' | 'preserved';

export interface UserCreatedPayload {
  email: string;
  name: string;
  profileId: string | null;
  /** False when the user was invited to choose a password through an emailed link. */
  hasPassword: boolean;
}

/** activated, disabled and preserved all carry the status the user had before. */
export interface UserStatusChangedPayload {
  previousStatus: UserStatus;
}

export interface AdministratorRoleChangedPayload {
  role: AdministratorRole;
  previousRole: AdministratorRole;
}

export interface IdentityEventPayloads {
  'identity.organization.created': OrganizationCreatedPayload;
  'identity.administrator.created': AdministratorCreatedPayload;
  'identity.administrator.fail-safe-password-set': AdministratorFailSafePasswordSetPayload;
  'identity.administrator.role-changed': AdministratorRoleChangedPayload;
  'identity.administrator.disabled': Record<string, never>;
  'identity.user.created': UserCreatedPayload;
  'identity.user.activated': UserStatusChangedPayload;
  'identity.user.disabled': UserStatusChangedPayload;
  'identity.user.preserved': UserStatusChangedPayload;
  'identity.user.profile-assigned': { profileId: string; previousProfileId: string | null };
}

export type IdentityEventType = keyof IdentityEventPayloads;

export type IdentityEvent = {
  [Type in IdentityEventType]: EventEnvelope<Type, IdentityEventPayloads[Type]>;
}[IdentityEventType];

export const IDENTITY_EVENT_SCHEMA_VERSION = 1;
