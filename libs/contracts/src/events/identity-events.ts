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

export interface IdentityEventPayloads {
  'identity.organization.created': OrganizationCreatedPayload;
  'identity.administrator.created': AdministratorCreatedPayload;
  'identity.administrator.fail-safe-password-set': AdministratorFailSafePasswordSetPayload;
}

export type IdentityEventType = keyof IdentityEventPayloads;

export type IdentityEvent = {
  [Type in IdentityEventType]: EventEnvelope<Type, IdentityEventPayloads[Type]>;
}[IdentityEventType];

export const IDENTITY_EVENT_SCHEMA_VERSION = 1;
