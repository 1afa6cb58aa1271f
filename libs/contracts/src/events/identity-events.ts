import type { EventEnvelope } from '../envelope';

export type AdministratorRole = 'cloud-administrator' | 'product-administrator';

export interface OrganizationCreatedPayload {
  name: string;
  slug: string;
}

/** Who must sign in through SSO: nobody, end users, or end users and product administrators. */
export type SsoEnforcement = 'off' | 'users' | 'users-and-administrators';

/**
 * The organisation's SAML identity provider. Certificates are public keys, not secrets: the
 * event carries them so that the settings can be rebuilt from the stream.
 */
export interface OrganizationSsoConfiguredPayload {
  idpEntityId: string;
  idpSsoUrl: string;
  /** PEM (base64 body) of each signing certificate the IdP may use; two during a rollover. */
  idpCertificates: string[];
  /** The assertion attribute holding the email address; null means the NameID. */
  emailAttribute: string | null;
  nameAttribute: string | null;
  /** Create an unknown end user at their first SSO sign-in instead of refusing them. */
  justInTimeProvisioning: boolean;
}

export interface OrganizationSsoEnforcementChangedPayload {
  enforcement: SsoEnforcement;
  previousEnforcement: SsoEnforcement;
}

export interface AdministratorPasswordResetRequestedPayload {
  /** Another cloud administrator (Manage Administrators), or the administrator themself (forgot password). */
  requestedBy: 'administrator' | 'self';
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

/** Never the secret or a recovery code: those live only in identity's sign-in documents. */
export interface MfaEnrolledPayload {
  method: 'totp';
  recoveryCodes: number;
}

export type AdministratorMfaEnrolledPayload = MfaEnrolledPayload;

/** A cloud administrator removed every factor of the account (the actor is in the envelope). */
export type MfaResetPayload = Record<string, never>;

export type AdministratorMfaResetPayload = MfaResetPayload;

/** The account's owner replaced their recovery codes: how many, never the codes. */
export interface RecoveryCodesRegeneratedPayload {
  recoveryCodes: number;
}

/** A passkey (WebAuthn) became a factor of the account: its short id and name, never a key. */
export interface AdministratorPasskeyRegisteredPayload {
  passkeyId: string;
  name: string;
}

/** The account's owner removed one of their passkeys. */
export interface AdministratorPasskeyRemovedPayload {
  passkeyId: string;
  name: string;
}

/** The organisation's rules that administrators, and end users, have a second factor. */
export interface OrganizationMfaPolicyChangedPayload {
  requiredForAdministrators: boolean;
  /** Until then an administrator without a factor is only told to enrol (ISO 8601), or null. */
  graceUntil: string | null;
  /** End users signing in with a password (absent in events made before it existed: off). */
  requiredForUsers?: boolean;
  /** Until then an end user without a factor is only told to enrol (ISO 8601), or null. */
  usersGraceUntil?: string | null;
}

export interface IdentityEventPayloads {
  'identity.organization.mfa-policy-changed': OrganizationMfaPolicyChangedPayload;
  'identity.administrator.mfa-enrolled': AdministratorMfaEnrolledPayload;
  'identity.administrator.mfa-reset': AdministratorMfaResetPayload;
  'identity.administrator.recovery-codes-regenerated': RecoveryCodesRegeneratedPayload;
  'identity.administrator.passkey-registered': AdministratorPasskeyRegisteredPayload;
  'identity.administrator.passkey-removed': AdministratorPasskeyRemovedPayload;
  'identity.organization.created': OrganizationCreatedPayload;
  'identity.organization.sso-configured': OrganizationSsoConfiguredPayload;
  'identity.organization.sso-enforcement-changed': OrganizationSsoEnforcementChangedPayload;
  'identity.administrator.created': AdministratorCreatedPayload;
  'identity.administrator.password-reset-requested': AdministratorPasswordResetRequestedPayload;
  'identity.administrator.fail-safe-password-set': AdministratorFailSafePasswordSetPayload;
  'identity.administrator.role-changed': AdministratorRoleChangedPayload;
  'identity.administrator.disabled': Record<string, never>;
  /** A disabled administrator may sign in again (their old sessions stay ended). */
  'identity.administrator.enabled': Record<string, never>;
  /** A new administrator was emailed a single-use link to choose their fail-safe password. */
  'identity.administrator.invited': Record<string, never>;
  'identity.user.created': UserCreatedPayload;
  'identity.user.activated': UserStatusChangedPayload;
  'identity.user.disabled': UserStatusChangedPayload;
  'identity.user.preserved': UserStatusChangedPayload;
  'identity.user.profile-assigned': { profileId: string; previousProfileId: string | null };
  /** A user who has not chosen a password yet was emailed a fresh link (the older one stops working). */
  'identity.user.invitation-resent': Record<string, never>;
  'identity.user.mfa-enrolled': MfaEnrolledPayload;
  /** A cloud administrator removed the user's factor and ended their sessions. */
  'identity.user.mfa-reset': MfaResetPayload;
  'identity.user.recovery-codes-regenerated': RecoveryCodesRegeneratedPayload;
}

export type IdentityEventType = keyof IdentityEventPayloads;

export type IdentityEvent = {
  [Type in IdentityEventType]: EventEnvelope<Type, IdentityEventPayloads[Type]>;
}[IdentityEventType];

export const IDENTITY_EVENT_SCHEMA_VERSION = 1;
