import { Module, type DynamicModule } from '@nestjs/common';

import { ProjectionCheckpoints, ProjectionRunner } from '@coffer/event-sourcing';
import { IdentityPatterns, Topics } from '@coffer/contracts';
import {
  healthController,
  Mailer,
  ServiceRuntime,
  OrganizationAggregates,
} from '@coffer/service-kit';

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
import { IdentityProjector } from './shared/identity-projector';
import { IdentityReadModel } from './shared/identity-read-model';
import { Reservations } from './shared/reservations';
import { AuthEventLog, type AuthEventObserver } from './sign-in/auth-event-log';
import { FailedAttempts } from './sign-in/failed-attempts';
import { PendingFanOuts } from './sign-in/pending-fan-outs';
import { Sessions } from './sign-in/sessions';
import { SignInDirectory } from './sign-in/sign-in-directory';
import { SignInPolicy } from './sign-in/sign-in-policy';
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
    const directory = new SignInDirectory(runtime.db);
    const credentials = new CredentialStore(directory);
    const hasher = new PasswordHasher();
    const authOutbox = runtime.outbox(AUTH_EVENTS_COLLECTION);
    const profileAccess = new ProfileAccess(runtime.db);
    const policy = new SignInPolicy(
      directory,
      readModel,
      profileAccess,
      new PendingFanOuts(runtime.db),
    );
    profileAccess.changed = (orgId, access) => policy.profileChanged(orgId, access);
    const sessions = new Sessions(runtime.db, {
      idleMs: settings.sessionIdleMs,
      maxMs: settings.sessionMaxMs,
    });
    const samlRequests = new SamlRequests(runtime.db, SAML_REQUEST_LIFETIME_MS);
    const acceptedAssertions = new AcceptedAssertions(runtime.db);
    await Promise.all([
      directory.ensureIndexes(),
      sessions.ensureIndexes(),
      samlRequests.ensureIndexes(),
      acceptedAssertions.ensureIndexes(),
    ]);
    // An SSO rule a stopped service had not yet pushed to every account.
    await policy.resumePending();
    runtime.addProjectedReadModel(profileAccess.projected);
    const profilesFeed = new ProjectionRunner(runtime.kafka, profileAccess, {
      groupId: `${runtime.config.namespace}.identity-profile-access`,
      topics: [runtime.topic(Topics.profilesEvents)],
      checkpoints: new ProjectionCheckpoints(runtime.db),
      onDeadLetter: (reason) =>
        runtime.log.warn({ reason }, 'malformed event parked on the dead-letter topic'),
    });
    runtime.runProjection(profilesFeed);
    const signIn = new SignInService(
      directory,
      policy,
      credentials,
      hasher,
      new FailedAttempts(runtime.db, settings.lockout),
      sessions,
      new AuthEventLog(
        authOutbox.store,
        () => authOutbox.relay.nudge(),
        countSignInFailures(runtime),
      ),
    );
    const mailer = new Mailer(runtime.config.smtp);
    const passwordLinks = new PasswordLinks(runtime.db, PASSWORD_LINK_LIFETIME_MS);
    const aggregates = {
      administrators: new OrganizationAggregates(store, administratorDecider),
      organizations: new OrganizationAggregates(store, organizationDecider),
      users: new OrganizationAggregates(store, userDecider),
    };
    const projector = new IdentityProjector(readModel, directory, policy, aggregates);
    const users = new UsersService(
      aggregates.users,
      projector,
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
            aggregates.administrators,
            projector,
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
          useValue: new OrganizationsService(
            aggregates.organizations,
            projector,
            readModel,
            reservations,
            nudgeRelay,
          ),
        },
        {
          provide: SsoSettingsService,
          useValue: new SsoSettingsService(
            aggregates.organizations,
            projector,
            readModel,
            directory,
            policy,
            nudgeRelay,
          ),
        },
        {
          provide: SsoSignInService,
          useValue: new SsoSignInService(signIn, readModel, policy, acceptedAssertions, users),
        },
        { provide: SamlRequests, useValue: samlRequests },
        {
          provide: AdministratorPasswordResets,
          useValue: new AdministratorPasswordResets(
            aggregates.administrators,
            projector,
            readModel,
            directory,
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
