import { Topics } from '@coffer/contracts';
import { assertNever, ProjectionCheckpoints, ProjectionRunner } from '@coffer/event-sourcing';
import { type EventSourcedRuntime, Mailer, type ServiceRuntime } from '@coffer/service-kit';

import { AdministratorsService } from './administrators/administrators.service';
import { AdministratorInvitations } from './credentials/administrator-invitations';
import { AdministratorPasswordResets } from './credentials/administrator-password-resets';
import { CredentialStore } from './credentials/credential-store';
import { PasswordHasher } from './credentials/password-hasher';
import { PasswordInvitations } from './credentials/password-invitations';
import { PasswordLinks } from './credentials/password-links';
import { AUTH_EVENTS_COLLECTION } from './identity-outboxes';
import { identitySettings } from './identity-settings';
import { BreakGlassAlerts } from './mfa/break-glass-alerts';
import { CodeUses } from './mfa/code-uses';
import { MfaService } from './mfa/mfa.service';
import { MfaAccounts } from './mfa/mfa-accounts';
import { MfaStore } from './mfa/mfa-store';
import { SecondFactor } from './mfa/second-factor';
import { SecretBox } from './mfa/secret-box';
import { OrganizationsService } from './organizations/organizations.service';
import { PasskeyChallenges } from './passkeys/passkey-challenges';
import { PasskeyFactor } from './passkeys/passkey-factor';
import { PasskeySignInService } from './passkeys/passkey-sign-in.service';
import { PasskeyStore } from './passkeys/passkey-store';
import { PasskeysService } from './passkeys/passkeys.service';
import { relyingPartyOf } from './passkeys/relying-party';
import { ProfileAccess } from './profile-access/profile-access';
import { AccountSessions } from './sessions/account-sessions';
import { SessionRevocationLog } from './sessions/session-revocation-log';
import { identityCommands } from './shared/identity-command-handlers';
import { IdentityReadModel } from './shared/identity-read-model';
import { Reservations } from './shared/reservations';
import { AuthEventLog, type AuthEventObserver } from './sign-in/auth-event-log';
import { FailedAttempts } from './sign-in/failed-attempts';
import { PendingFanOuts } from './sign-in/pending-fan-outs';
import { Sessions } from './sign-in/sessions';
import { SignInService } from './sign-in/sign-in.service';
import { SignInDirectory } from './sign-in/sign-in-directory';
import { SignInPolicy } from './sign-in/sign-in-policy';
import { SignInHistory } from './sign-in-history/sign-in-history';
import { AcceptedAssertions } from './sso/accepted-assertions';
import { SAML_REQUEST_LIFETIME_MS, SamlRequests } from './sso/saml-requests';
import { SsoSettingsService } from './sso/sso-settings.service';
import { SsoSignInService } from './sso/sso-sign-in.service';
import { SsoTestStore } from './sso/sso-test-store';
import { SsoTestsService } from './sso/sso-tests.service';
import { UsersService } from './users/users.service';

/** Links to choose a password expire after a day. */
const PASSWORD_LINK_LIFETIME_MS = 24 * 3_600_000;

/** What identity's controllers call, one instance of each. */
export interface IdentityServices {
  organizations: OrganizationsService;
  administrators: AdministratorsService;
  users: UsersService;
  signIn: SignInService;
  profileAccess: ProfileAccess;
  ssoSettings: SsoSettingsService;
  ssoSignIn: SsoSignInService;
  samlRequests: SamlRequests;
  ssoTests: SsoTestsService;
  passwordResets: AdministratorPasswordResets;
  /** Also what an MFA reset calls to end every session of the account (`endAllOf`). */
  accountSessions: AccountSessions;
  mfa: MfaService;
  passkeys: PasskeysService;
  passkeySignIn: PasskeySignInService;
  passkeyFactor: PasskeyFactor;
}

/**
 * Builds identity: its read models (indexes ensured, registered for `ops check`), the command
 * handlers of its three aggregates, the profiles feed sign-in follows, and the services.
 */
export async function identityServices(runtime: EventSourcedRuntime): Promise<IdentityServices> {
  const { store } = runtime;
  const settings = identitySettings();
  const readModel = new IdentityReadModel(runtime.db);
  const directory = new SignInDirectory(runtime.db);
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
  const passkeyChallenges = new PasskeyChallenges(runtime.db);
  const codeUses = new CodeUses(runtime.db);
  await readModel.ensureIndexes();
  await Promise.all([
    directory.ensureIndexes(),
    sessions.ensureIndexes(),
    samlRequests.ensureIndexes(),
    acceptedAssertions.ensureIndexes(),
    passkeyChallenges.ensureIndexes(),
    codeUses.ensureIndexes(),
  ]);
  for (const [aggregateType, collection] of [
    ['organization', readModel.organizations],
    ['administrator', readModel.administrators],
    ['user', readModel.users],
  ] as const)
    runtime.addReadModel({ aggregateType, collection: collection.collectionName });
  // An SSO rule a stopped service had not yet pushed to every account.
  await policy.resumePending();
  followProfiles(runtime, profileAccess);
  const signInHistory = new SignInHistory(runtime.db);
  followSignIns(runtime, signInHistory);

  const commands = identityCommands(store, readModel, directory, policy, () =>
    runtime.relay.nudge(),
  );
  const reservations = new Reservations(runtime.db);
  const credentials = new CredentialStore(directory);
  const hasher = new PasswordHasher();
  const mailer = new Mailer(runtime.config.smtp);
  const passwordLinks = new PasswordLinks(runtime.db, PASSWORD_LINK_LIFETIME_MS);
  const authOutbox = runtime.outbox(AUTH_EVENTS_COLLECTION);
  const mfaStore = new MfaStore(directory.documents, codeUses);
  // Relying party id and origin from the public URL the gateway serves, never a Host header.
  const relyingParty = relyingPartyOf(runtime.config.publicUrl);
  const passkeyStore = new PasskeyStore(runtime.db, directory.documents);
  const passkeyFactor = new PasskeyFactor(passkeyStore, passkeyChallenges, relyingParty);
  const failedAttempts = new FailedAttempts(runtime.db, settings.lockout);
  const secretBox = new SecretBox(runtime.config.mfaSecretKeys);
  const alerts = new BreakGlassAlerts(readModel, mailer, (error) =>
    runtime.log.warn({ err: error }, 'a break-glass alert email could not be sent'),
  );
  const signIn = new SignInService(
    directory,
    policy,
    credentials,
    hasher,
    failedAttempts,
    sessions,
    new AuthEventLog(
      authOutbox.store,
      () => authOutbox.relay.nudge(),
      countSignInFailures(runtime),
    ),
    {
      factor: new SecondFactor(mfaStore, secretBox),
      passkeys: passkeyFactor,
      alerts,
      stepUpMs: settings.stepUpMs,
    },
  );
  const accountSessions = new AccountSessions(
    readModel,
    sessions,
    new SessionRevocationLog(authOutbox.store, () => authOutbox.relay.nudge()),
    signInHistory,
  );
  const users = new UsersService(
    commands.users,
    readModel,
    reservations,
    credentials,
    hasher,
    new PasswordInvitations(passwordLinks, mailer, runtime.config.publicUrl),
    profileAccess,
    directory,
    signInHistory,
  );
  return {
    organizations: new OrganizationsService(
      commands.organizations,
      readModel,
      reservations,
      settings.mfaGraceMs,
    ),
    administrators: new AdministratorsService(
      commands.administrators,
      readModel,
      reservations,
      credentials,
      hasher,
      new AdministratorInvitations(passwordLinks, mailer, runtime.config.publicUrl),
      sessions,
    ),
    users,
    signIn,
    profileAccess,
    ssoSettings: new SsoSettingsService(
      commands.organizations,
      commands.projector,
      readModel,
      directory,
      policy,
    ),
    ssoSignIn: new SsoSignInService(signIn, readModel, policy, acceptedAssertions, users),
    samlRequests,
    ssoTests: new SsoTestsService(new SsoTestStore(runtime.db), readModel, signIn, {
      store: authOutbox.store,
      nudge: () => authOutbox.relay.nudge(),
    }),
    passwordResets: new AdministratorPasswordResets(
      commands.administrators,
      readModel,
      directory,
      credentials,
      hasher,
      passwordLinks,
      accountSessions,
      mailer,
      runtime.config.publicUrl,
    ),
    accountSessions,
    mfa: new MfaService({
      readModel,
      accounts: new MfaAccounts(readModel, directory, commands.administrators, commands.users),
      store: mfaStore,
      passkeys: passkeyStore,
      box: secretBox,
      signIn,
      sessions,
      accountSessions,
      organizations: commands.organizations,
      alerts,
      mfaGraceMs: settings.mfaGraceMs,
    }),
    passkeys: new PasskeysService({
      readModel,
      directory,
      store: passkeyStore,
      challenges: passkeyChallenges,
      relyingParty,
      sessions,
      administrators: commands.administrators,
    }),
    passkeySignIn: new PasskeySignInService({
      factor: passkeyFactor,
      directory,
      policy,
      attempts: failedAttempts,
      signIn,
    }),
    passkeyFactor,
  };
}

/** Each profile's access rules, learnt from `profiles.events`, so sign-in never calls profiles. */
function followProfiles(runtime: ServiceRuntime, profileAccess: ProfileAccess): void {
  runtime.addProjectedReadModel(profileAccess.projected);
  runtime.runProjection(
    new ProjectionRunner(runtime.kafka, profileAccess, {
      groupId: `${runtime.config.namespace}.identity-profile-access`,
      topics: [runtime.topic(Topics.profilesEvents)],
      checkpoints: new ProjectionCheckpoints(runtime.db),
      onDeadLetter: (reason) =>
        runtime.log.warn({ reason }, 'malformed event parked on the dead-letter topic'),
    }),
  );
}

/**
 * Each account's recent sign-ins, learnt from identity's own `identity.auth` topic: off the
 * sign-in path, which stays at the commands the budget test pins.
 */
function followSignIns(runtime: ServiceRuntime, history: SignInHistory): void {
  runtime.runProjection(
    new ProjectionRunner(runtime.kafka, history, {
      groupId: `${runtime.config.namespace}.identity-sign-in-history`,
      topics: [runtime.topic(Topics.identityAuth)],
      checkpoints: new ProjectionCheckpoints(runtime.db),
      onDeadLetter: (reason) =>
        runtime.log.warn({ reason }, 'malformed event parked on the dead-letter topic'),
    }),
  );
}

/** `coffer_sign_in_failures_total{surface, reason}` on identity's /metrics. */
function countSignInFailures(runtime: ServiceRuntime): AuthEventObserver {
  const countFailure = runtime.metrics.counter(
    'coffer_sign_in_failures_total',
    'Refused sign-ins by surface and reason (bad-credentials, locked-out, sso-required, …)',
    ['surface', 'reason'],
  );
  return (event) => {
    switch (event.type) {
      case 'identity.sign-in.failed':
        countFailure({ surface: event.payload.surface, reason: event.payload.reason });
        return;
      case 'identity.sign-in.succeeded':
      case 'identity.account.locked':
      case 'identity.mfa.recovery-code-used':
      case 'identity.sign-in.fail-safe-used':
        return;
      default:
        return assertNever(event);
    }
  };
}
