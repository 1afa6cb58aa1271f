import { type DynamicModule, Module } from '@nestjs/common';

import { EventSourcedRuntime, healthController, ServiceRuntime } from '@coffer/service-kit';

import { AdministratorsController } from './administrators/administrators.controller';
import { AdministratorsService } from './administrators/administrators.service';
import { AdministratorPasswordResets } from './credentials/administrator-password-resets';
import { PasswordLinksController } from './credentials/password-links.controller';
import { PasswordPolicyController } from './credentials/password-policy.controller';
import { identityServices } from './identity-services';
import { MfaController } from './mfa/mfa.controller';
import { MfaService } from './mfa/mfa.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsService } from './organizations/organizations.service';
import { PasskeyFactor } from './passkeys/passkey-factor';
import { PasskeySignInService } from './passkeys/passkey-sign-in.service';
import { PasskeysController } from './passkeys/passkeys.controller';
import { PasskeysService } from './passkeys/passkeys.service';
import { ProfileAccess } from './profile-access/profile-access';
import { AccountSessions } from './sessions/account-sessions';
import { SessionsController } from './sessions/sessions.controller';
import { SignInController } from './sign-in/sign-in.controller';
import { SignInService } from './sign-in/sign-in.service';
import { SamlRequests } from './sso/saml-requests';
import { SsoController } from './sso/sso.controller';
import { SsoSettingsService } from './sso/sso-settings.service';
import { SsoSignInService } from './sso/sso-sign-in.service';
import { SsoTestsService } from './sso/sso-tests.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** One controller per feature, each method bound to one of `IdentityMessages`. */
const FEATURE_CONTROLLERS = [
  OrganizationsController,
  AdministratorsController,
  UsersController,
  SignInController,
  SsoController,
  PasswordLinksController,
  PasswordPolicyController,
  SessionsController,
  MfaController,
  PasskeysController,
];

@Module({})
export class IdentityModule {
  static async register(runtime: EventSourcedRuntime): Promise<DynamicModule> {
    const services = await identityServices(runtime);
    return {
      module: IdentityModule,
      controllers: [...FEATURE_CONTROLLERS, healthController('identity', { projections: true })],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        { provide: OrganizationsService, useValue: services.organizations },
        { provide: AdministratorsService, useValue: services.administrators },
        { provide: UsersService, useValue: services.users },
        { provide: SignInService, useValue: services.signIn },
        { provide: ProfileAccess, useValue: services.profileAccess },
        { provide: SsoSettingsService, useValue: services.ssoSettings },
        { provide: SsoSignInService, useValue: services.ssoSignIn },
        { provide: SamlRequests, useValue: services.samlRequests },
        { provide: SsoTestsService, useValue: services.ssoTests },
        { provide: AdministratorPasswordResets, useValue: services.passwordResets },
        { provide: AccountSessions, useValue: services.accountSessions },
        { provide: MfaService, useValue: services.mfa },
        { provide: PasskeysService, useValue: services.passkeys },
        { provide: PasskeySignInService, useValue: services.passkeySignIn },
        { provide: PasskeyFactor, useValue: services.passkeyFactor },
      ],
    };
  }
}
