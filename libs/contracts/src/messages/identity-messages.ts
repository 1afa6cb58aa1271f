import { AdministratorsMessages } from './identity/administrators-messages';
import { MfaMessages } from './identity/mfa-messages';
import { OrganizationsMessages } from './identity/organizations-messages';
import { PasskeysMessages } from './identity/passkeys-messages';
import { PasswordLinksMessages } from './identity/password-links-messages';
import { PasswordPolicyMessages } from './identity/password-policy-messages';
import { SessionsMessages } from './identity/sessions-messages';
import { SignInMessages } from './identity/sign-in-messages';
import { SsoMessages } from './identity/sso-messages';
import { SsoTestMessages } from './identity/sso-test-messages';
import { UsersMessages } from './identity/users-messages';

export * from './identity/administrators-messages';
export * from './identity/mfa-messages';
export * from './identity/organizations-messages';
export * from './identity/passkeys-messages';
export * from './identity/password-links-messages';
export * from './identity/password-policy-messages';
export * from './identity/sessions-messages';
export * from './identity/sign-in-messages';
export * from './identity/sso-messages';
export * from './identity/sso-test-messages';
export * from './identity/users-messages';

/** Every message the identity service answers, by feature: `IdentityMessages.users.create`. */
export const IdentityMessages = {
  organizations: OrganizationsMessages,
  administrators: AdministratorsMessages,
  users: UsersMessages,
  signIn: SignInMessages,
  sso: SsoMessages,
  ssoTests: SsoTestMessages,
  passwordLinks: PasswordLinksMessages,
  passwordPolicy: PasswordPolicyMessages,
  sessions: SessionsMessages,
  mfa: MfaMessages,
  passkeys: PasskeysMessages,
};
