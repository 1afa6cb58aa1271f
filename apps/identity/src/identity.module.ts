import { Module, type DynamicModule } from '@nestjs/common';

import {
  AggregateRepository,
  ProjectionCheckpoints,
  ProjectionRunner,
} from '@coffer/event-sourcing';
import { IdentityPatterns, Topics } from '@coffer/contracts';
import { healthController, Mailer, ServiceRuntime } from '@coffer/service-kit';

import { administratorDecider } from './administrators/administrator.decider';
import { AdministratorsService } from './administrators/administrators.service';
import { CredentialStore } from './credentials/credential-store';
import { AdministratorPasswordResets } from './credentials/administrator-password-resets';
import { PasswordInvitations } from './credentials/password-invitations';
import { PasswordLinks } from './credentials/password-links';
import { PasswordHasher } from './credentials/password-hasher';
import { IdentityController } from './identity.controller';
import { AUTH_EVENTS_COLLECTION } from './identity-outboxes';
import { identitySettings } from './identity-settings';
import { organizationDecider } from './organizations/organization.decider';
import { OrganizationsService } from './organizations/organizations.service';
import { ProfileAccess } from './profile-access/profile-access';
import { IdentityReadModel } from './shared/identity-read-model';
import { Reservations } from './shared/reservations';
import { AuthEventLog, type AuthEventObserver } from './sign-in/auth-event-log';
import { FailedAttempts } from './sign-in/failed-attempts';
import { Sessions } from './sign-in/sessions';
import { SignInService } from './sign-in/sign-in.service';
import { AcceptedAssertions } from './sso/accepted-assertions';
import { SamlRequests, SAML_REQUEST_LIFETIME_MS } from './sso/saml-requests';
import { SsoSettingsService } from './sso/sso-settings.service';
import { SsoSignInService } from './sso/sso-sign-in.service';
import { userDecider } from './users/user.decider';
import { UsersService } from './users/users.service';

/** Links to choose a password expire after a day. */
const PASSWORD_LINK_LIFETIME_MS = 24 * 3_600_000;

@Module({})
export class IdentityModule {
  static async register(runtime: ServiceRuntime): Promise<DynamicModule> {
    const store = runtime.store;
    if (!store) throw new Error('identity needs its event store');
    const readModel = new IdentityReadModel(runtime.db);
    await readModel.ensureIndexes();
    runtime.addReadModel({
      aggregateType: 'organization',
      collection: readModel.organizations.collectionName,
    });
    runtime.addReadModel({
      aggregateType: 'administrator',
      collection: readModel.administrators.collectionName,
    });
    runtime.addReadModel({ aggregateType: 'user', collection: readModel.users.collectionName });
    const reservations = new Reservations(runtime.db);
    const nudgeRelay = () => runtime.relay?.nudge();
    const settings = identitySettings();
    const credentials = new CredentialStore(runtime.db);
    const hasher = new PasswordHasher();
    const authOutbox = runtime.outbox(AUTH_EVENTS_COLLECTION);
    const profileAccess = new ProfileAccess(runtime.db);
    runtime.addProjectedReadModel(profileAccess.projected);
    const profilesFeed = new ProjectionRunner(runtime.kafka, profileAccess, {
      groupId: `${runtime.config.namespace}.identity-profile-access`,
      topics: [runtime.topic(Topics.profilesEvents)],
      checkpoints: new ProjectionCheckpoints(runtime.db),
      onDeadLetter: (reason) =>
        runtime.log.warn({ reason }, 'malformed event parked on the dead-letter topic'),
    });
    runtime.runProjection(profilesFeed);
    const sessions = new Sessions(runtime.db, {
      idleMs: settings.sessionIdleMs,
      maxMs: settings.sessionMaxMs,
    });
    const signIn = new SignInService(
      readModel,
      credentials,
      hasher,
      new FailedAttempts(runtime.db, settings.lockout),
      sessions,
      new AuthEventLog(
        authOutbox.store,
        () => authOutbox.relay.nudge(),
        countSignInFailures(runtime),
      ),
      profileAccess,
    );
    const mailer = new Mailer(runtime.config.smtp);
    const passwordLinks = new PasswordLinks(runtime.db, PASSWORD_LINK_LIFETIME_MS);
    const administrators = new AggregateRepository(store, administratorDecider);
    const organizations = new AggregateRepository(store, organizationDecider);
    const users = new UsersService(
      new AggregateRepository(store, userDecider),
      readModel,
      reservations,
      credentials,
      hasher,
      new PasswordInvitations(passwordLinks, mailer, runtime.config.publicUrl),
      profileAccess,
      nudgeRelay,
    );
    return {
      module: IdentityModule,
      controllers: [
        IdentityController,
        healthController(IdentityPatterns.health, IdentityPatterns.projections),
      ],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        {
          provide: AdministratorsService,
          useValue: new AdministratorsService(
            administrators,
            readModel,
            reservations,
            credentials,
            hasher,
            nudgeRelay,
          ),
        },
        { provide: UsersService, useValue: users },
        { provide: SignInService, useValue: signIn },
        { provide: ProfileAccess, useValue: profileAccess },
        {
          provide: OrganizationsService,
          useValue: new OrganizationsService(organizations, readModel, reservations, nudgeRelay),
        },
        {
          provide: SsoSettingsService,
          useValue: new SsoSettingsService(organizations, readModel, nudgeRelay),
        },
        {
          provide: SsoSignInService,
          useValue: new SsoSignInService(
            signIn,
            readModel,
            new AcceptedAssertions(runtime.db),
            users,
          ),
        },
        { provide: SamlRequests, useValue: new SamlRequests(runtime.db, SAML_REQUEST_LIFETIME_MS) },
        {
          provide: AdministratorPasswordResets,
          useValue: new AdministratorPasswordResets(
            administrators,
            readModel,
            credentials,
            hasher,
            passwordLinks,
            sessions,
            mailer,
            runtime.config.publicUrl,
            nudgeRelay,
          ),
        },
      ],
    };
  }
}

/** `coffer_sign_in_failures_total{surface, reason}` on identity's /metrics. */
function countSignInFailures(runtime: ServiceRuntime): AuthEventObserver {
  const countFailure = runtime.metrics.counter(
    'coffer_sign_in_failures_total',
    'Refused sign-ins by surface and reason (bad-credentials, locked-out, sso-required, …)',
    ['surface', 'reason'],
  );
  return (type, payload) => {
    if (type === 'identity.sign-in.failed' && 'reason' in payload)
      countFailure({ surface: payload.surface, reason: payload.reason });
  };
}
