import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';

import type { CofferConfig } from '@coffer/config';

import { AdministratorsController } from './administrators/administrators.controller';
import { ApiTokensController } from './api-tokens/api-tokens.controller';
import { AuditTrailController } from './audit/audit-trail.controller';
import { BackendClients } from './backend/backend-clients';
import { PstDownloadController } from './download/pst-download.controller';
import { GATEWAY_CONFIG } from './gateway-config';
import { HealthController } from './health/health.controller';
import { MailboxImportsController } from './mailboxes/mailbox-imports.controller';
import { UserMailboxesController } from './mailboxes/user-mailboxes.controller';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { PasswordPolicyController } from './password-policy/password-policy.controller';
import { ProfilesController } from './profiles/profiles.controller';
import { PstExportsController } from './pst-exports/pst-exports.controller';
import { AccountSessionsController } from './sessions/account-sessions.controller';
import { AdministratorCredentials } from './sessions/administrator-credentials';
import { assignCorrelationId } from './sessions/correlation-id';
import { ConsoleAuthGuard, PortalSessionGuard } from './sessions/session.guards';
import { SessionCookies } from './sessions/session-cookies';
import { ConsoleSessionController } from './sign-in/console-session.controller';
import { MfaController } from './sign-in/mfa.controller';
import { PasskeySignInController } from './sign-in/passkey-sign-in.controller';
import { PasskeysController } from './sign-in/passkeys.controller';
import { PortalController } from './sign-in/portal.controller';
import { PortalMfaController } from './sign-in/portal-mfa.controller';
import { SignInHandler } from './sign-in/sign-in.handler';
import { SamlServiceProvider } from './sso/saml-service-provider';
import { SsoController } from './sso/sso.controller';
import { SsoSettingsController } from './sso/sso-settings.controller';
import { UsersController } from './users/users.controller';

/** The session cookie lives as long as identity's absolute session limit allows (12 h by default). */
const SESSION_MAX_MS = 12 * 3_600_000;

@Module({})
export class GatewayModule {
  static register(config: CofferConfig): DynamicModule {
    const backends = new BackendClients(config);
    const metrics = new GatewayMetrics(backends);
    return {
      module: GatewayModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            name: 'gateway',
            genReqId: assignCorrelationId,
            level: config.logLevel,
            // Every header that carries a credential: a logged grant or CSRF token is a usable one.
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-download-grant"]',
              'req.headers["x-csrf-token"]',
              'res.headers["set-cookie"]',
            ],
          },
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [
        AccountSessionsController,
        AdministratorsController,
        ApiTokensController,
        AuditTrailController,
        ConsoleSessionController,
        HealthController,
        MailboxImportsController,
        PasswordPolicyController,
        MfaController,
        PasskeysController,
        PasskeySignInController,
        PortalController,
        PortalMfaController,
        ProfilesController,
        PstDownloadController,
        PstExportsController,
        SsoController,
        SsoSettingsController,
        // Before UsersController: its `POST :id/:action` would take `:id/mailbox-imports`.
        UserMailboxesController,
        UsersController,
      ],
      providers: [
        { provide: BackendClients, useValue: backends },
        { provide: GatewayMetrics, useValue: metrics },
        {
          provide: SignInHandler,
          useValue: new SignInHandler(
            backends,
            new SessionCookies(config.publicUrl),
            config.publicUrl,
            SESSION_MAX_MS,
            metrics,
          ),
        },
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: SamlServiceProvider, useValue: new SamlServiceProvider(backends, config) },
        AdministratorCredentials,
        ConsoleAuthGuard,
        PortalSessionGuard,
      ],
    };
  }
}
