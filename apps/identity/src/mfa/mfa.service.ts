import QRCode from 'qrcode';

import type {
  ConfirmTotpRequest,
  GetMfaPolicyRequest,
  MfaPolicyView,
  MfaStatus,
  ReauthenticateRequest,
  ResetMfaRequest,
  SetMfaPolicyRequest,
  StartTotpRequest,
  TotpEnrolment,
  TotpEnrolmentConfirmed,
} from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import { passkeysOf, type PasskeyStore } from '../passkeys/passkey-store';
import type { AccountSessions } from '../sessions/account-sessions';
import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import type {
  AdministratorCommands,
  OrganizationCommands,
} from '../shared/identity-command-handlers';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { Sessions } from '../sign-in/sessions';
import { signInAccountOf, type SignInService } from '../sign-in/sign-in.service';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import { signInKey } from '../sign-in/sign-in-key';
import type { BreakGlassAlerts } from './break-glass-alerts';
import { activeMfaOf, hasSecondFactor, type MfaStore } from './mfa-store';
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes';
import type { SecretBox } from './secret-box';
import { matchingStep, newTotpSecret, otpauthUri } from './totp';

const administratorNotFound = () =>
  new ServiceError(
    'administrator-not-found',
    'There is no such administrator in your organisation.',
  );

/**
 * An administrator's TOTP: enrolment (a pending secret, confirmed by a first valid code, which
 * makes it the factor and gives ten recovery codes once), its status, step-up, and another
 * cloud administrator's reset. The secret is sealed before it is stored and opened only to
 * check a code; recovery codes are stored as hashes.
 */
export class MfaService {
  constructor(
    private readonly deps: {
      readModel: IdentityReadModel;
      directory: SignInDirectory;
      store: MfaStore;
      passkeys: PasskeyStore;
      box: SecretBox;
      signIn: SignInService;
      sessions: Sessions;
      accountSessions: AccountSessions;
      administrators: AdministratorCommands;
      organizations: OrganizationCommands;
      alerts: BreakGlassAlerts;
      mfaGraceMs: number;
    },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async status(orgId: string, administratorId: string): Promise<MfaStatus> {
    const { facts, document } = await this.account(orgId, administratorId);
    return this.deps.signIn.mfaOf(document, facts);
  }

  async startTotp(request: StartTotpRequest): Promise<TotpEnrolment> {
    const { key, facts, document } = await this.account(request.orgId, request.context.actor.id);
    if (activeMfaOf(document, facts.id))
      throw new ServiceError(
        'mfa-already-enrolled',
        'An authenticator app is already set up for this account.',
      );
    const secret = newTotpSecret();
    await this.deps.store.startPending(key, facts.id, this.deps.box.seal(secret), this.now());
    const uri = otpauthUri(facts.email, secret);
    return { otpauthUri: uri, qrCodeDataUrl: await QRCode.toDataURL(uri) };
  }

  async confirmTotp(request: ConfirmTotpRequest): Promise<TotpEnrolmentConfirmed> {
    const { key, facts, document } = await this.account(request.orgId, request.context.actor.id);
    const pending = document?.mfa?.accountId === facts.id ? document.mfa.pending : undefined;
    if (!pending)
      throw new ServiceError('mfa-not-enrolling', 'Start setting up an authenticator app first.');
    const attempt = { ...attemptOf(request, facts.email) };
    await this.deps.signIn.assertNotLocked(attempt, document);
    const step = matchingStep(request.otp.trim(), this.deps.box.open(pending.secret), this.now());
    if (step === undefined)
      return this.deps.signIn.refuseCode(attempt, key, signInAccountOf(facts, document));
    const codes = newRecoveryCodes();
    const hashes = codes.map((code) => recoveryCodeHash(facts.id, normalizeRecoveryCode(code)!));
    // The factor is stored before its event, as password hashes are: a crash in between leaves
    // an account protected a moment before the trail says so, never one the trail calls protected.
    if (!(await this.deps.store.confirm(key, facts.id, pending, hashes, step, this.now())))
      throw new ServiceError('mfa-not-enrolling', 'Start setting up an authenticator app first.');
    await this.deps.administrators.handle(
      facts.id,
      facts.orgId,
      { type: 'RecordMfaEnrolment', recoveryCodes: codes.length },
      request.context,
      { notFound: administratorNotFound, retryOnConflict: true },
    );
    if (request.sessionToken) await this.deps.sessions.markAuthenticated(request.sessionToken);
    return { enrolled: true, recoveryCodes: codes };
  }

  /** Step-up: a code when the account has a factor, else the password; the session is renewed. */
  async reauthenticate(request: ReauthenticateRequest): Promise<{ reauthenticated: true }> {
    const { key, facts, document } = await this.account(request.orgId, request.context.actor.id);
    const attempt = attemptOf(request, facts.email);
    const account = signInAccountOf(facts, document);
    await this.deps.signIn.assertNotLocked(attempt, document);
    if (hasSecondFactor(document, facts.id)) {
      await this.deps.signIn.checkSecondFactor({ account, key, document }, attempt, {
        ...(request.otp !== undefined ? { otp: request.otp } : {}),
        ...(request.passkey ? { passkey: request.passkey } : {}),
      });
    } else if (
      request.password === undefined ||
      !(await this.deps.signIn.passwordOf(key, document, account, request.password))
    ) {
      await this.deps.signIn.refusePassword(attempt, key, account);
    }
    if (request.sessionToken) await this.deps.sessions.markAuthenticated(request.sessionToken);
    return { reauthenticated: true };
  }

  /**
   * Another cloud administrator removes every factor of the account: the event first (so the
   * trail has it even if what follows is cut short; doing it again is harmless), then the
   * secrets, then every session of the account; the other cloud administrators are told.
   */
  async reset(request: ResetMfaRequest): Promise<{ reset: true }> {
    await assertCloudAdministrator(
      this.deps.readModel,
      request.context,
      request.orgId,
      'Only a cloud administrator can reset multi-factor authentication.',
    );
    if (request.context.actor.id === request.administratorId)
      throw new ServiceError(
        'cannot-reset-own-mfa',
        'Another cloud administrator has to reset your multi-factor authentication.',
      );
    const { key, facts, document } = await this.account(request.orgId, request.administratorId);
    await this.deps.administrators.handle(
      facts.id,
      facts.orgId,
      { type: 'ResetMfa' },
      request.context,
      { notFound: administratorNotFound, retryOnConflict: true },
    );
    await this.deps.store.clear(key);
    await this.deps.passkeys.forget(passkeysOf(document, facts.id));
    await this.deps.accountSessions.endAllOf(
      { id: facts.id, kind: 'administrator', orgId: facts.orgId, email: facts.email },
      'mfa-reset',
      request.context,
    );
    await this.deps.alerts.send(facts.orgId, request.context.actor.id ?? '', {
      kind: 'mfa-reset',
      email: facts.email,
      by: request.context.actor.email ?? 'An operator',
    });
    return { reset: true };
  }

  async setPolicy(request: SetMfaPolicyRequest): Promise<MfaPolicyView> {
    await assertCloudAdministrator(
      this.deps.readModel,
      request.context,
      request.orgId,
      'Only a cloud administrator can change the MFA policy.',
    );
    const graceMs =
      request.graceDays !== undefined ? request.graceDays * 86_400_000 : this.deps.mfaGraceMs;
    const graceUntil = request.requiredForAdministrators
      ? (request.graceUntil ?? new Date(this.now().getTime() + graceMs).toISOString())
      : null;
    const handled = await this.deps.organizations.handle(
      request.orgId,
      request.orgId,
      {
        type: 'SetMfaPolicy',
        policy: { requiredForAdministrators: request.requiredForAdministrators, graceUntil },
        ...(request.graceDays !== undefined ? { newGrace: true } : {}),
      },
      request.context,
      {
        notFound: () =>
          new ServiceError('organization-not-found', 'This organisation does not exist.'),
        retryOnConflict: true,
      },
    );
    if (!handled.state.exists)
      throw new ServiceError('organization-not-found', 'This organisation does not exist.');
    return handled.state.administratorMfa;
  }

  async policy(request: GetMfaPolicyRequest): Promise<MfaPolicyView> {
    await assertCloudAdministrator(
      this.deps.readModel,
      request.context,
      request.orgId,
      'Only a cloud administrator can see the MFA policy.',
    );
    const organization = await this.deps.readModel.organizationSso(request.orgId);
    if (!organization)
      throw new ServiceError('organization-not-found', 'This organisation does not exist.');
    const policy = organization.administratorMfa;
    return {
      requiredForAdministrators: policy?.requiredForAdministrators ?? false,
      graceUntil: policy?.graceUntil ?? null,
    };
  }

  /** The administrator of this organisation, and their sign-in document. */
  private async account(orgId: string, administratorId: string | undefined) {
    const administrator = administratorId
      ? await this.deps.readModel.administratorById(administratorId)
      : undefined;
    if (!administrator || administrator.orgId !== orgId) throw administratorNotFound();
    const key = signInKey('console', administrator.email);
    const document = await this.deps.directory.get(key);
    const facts = document?.account;
    if (!facts || facts.id !== administrator.id) throw administratorNotFound();
    return { key, facts, document };
  }
}

function attemptOf(
  request: Pick<ReauthenticateRequest, 'client' | 'correlationId'>,
  email: string,
) {
  return {
    surface: 'console' as const,
    email,
    client: request.client,
    correlationId: request.correlationId,
  };
}
