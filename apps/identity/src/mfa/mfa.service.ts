import QRCode from 'qrcode';

import type {
  AccountRef,
  ConfirmTotpRequest,
  GetMfaPolicyRequest,
  MfaPolicyView,
  MfaStatus,
  ReauthenticateRequest,
  RecoveryCodesRegenerated,
  RegenerateRecoveryCodesRequest,
  ResetMfaRequest,
  SetMfaPolicyRequest,
  StartTotpRequest,
  TotpEnrolment,
  TotpEnrolmentConfirmed,
} from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import { completeMfaPolicy } from '../organizations/mfa-policy-change';
import { passkeysOf, type PasskeyStore } from '../passkeys/passkey-store';
import type { AccountSessions } from '../sessions/account-sessions';
import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import type { OrganizationCommands } from '../shared/identity-command-handlers';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { Sessions } from '../sign-in/sessions';
import { signInAccountOf, type SignInService } from '../sign-in/sign-in.service';
import { surfaceOf } from '../sign-in/sign-in-key';
import type { BreakGlassAlerts } from './break-glass-alerts';
import { MfaAccounts } from './mfa-accounts';
import { activeMfaOf, hasSecondFactor, type MfaStore } from './mfa-store';
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes';
import type { SecretBox } from './secret-box';
import { matchingStep, newTotpSecret, otpauthUri } from './totp';

/**
 * The second factor of administrators and end users alike: TOTP enrolment (a pending secret,
 * confirmed by a first valid code, which makes it the factor and gives ten recovery codes
 * once), its status, step-up, new recovery codes, and a cloud administrator's reset. The secret
 * is sealed before it is stored and opened only to check a code; recovery codes are stored as
 * hashes. Own-account requests act on `context.actor`'s account.
 */
export class MfaService {
  constructor(
    private readonly deps: {
      readModel: IdentityReadModel;
      accounts: MfaAccounts;
      store: MfaStore;
      passkeys: PasskeyStore;
      box: SecretBox;
      signIn: SignInService;
      sessions: Sessions;
      accountSessions: AccountSessions;
      organizations: OrganizationCommands;
      alerts: BreakGlassAlerts;
      mfaGraceMs: number;
    },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async status(orgId: string, account: AccountRef): Promise<MfaStatus> {
    const { facts, document } = await this.deps.accounts.find(orgId, account);
    return this.deps.signIn.mfaOf(document, facts);
  }

  async startTotp(request: StartTotpRequest): Promise<TotpEnrolment> {
    const { key, facts, document } = await this.own(request);
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
    const { key, facts, document } = await this.own(request);
    const pending = document?.mfa?.accountId === facts.id ? document.mfa.pending : undefined;
    if (!pending)
      throw new ServiceError('mfa-not-enrolling', 'Start setting up an authenticator app first.');
    const attempt = attemptOf(request, facts);
    await this.deps.signIn.assertNotLocked(attempt, document);
    const step = matchingStep(request.otp.trim(), this.deps.box.open(pending.secret), this.now());
    if (step === undefined)
      return this.deps.signIn.refuseCode(attempt, key, signInAccountOf(facts, document));
    const { codes, hashes } = recoveryCodesFor(facts.id);
    // The factor is stored before its event, as password hashes are: a crash in between leaves
    // an account protected a moment before the trail says so, never one the trail calls protected.
    if (!(await this.deps.store.confirm(key, facts.id, pending, hashes, step, this.now())))
      throw new ServiceError('mfa-not-enrolling', 'Start setting up an authenticator app first.');
    await this.deps.accounts.record(
      facts,
      { type: 'RecordMfaEnrolment', recoveryCodes: codes.length },
      request.context,
    );
    if (request.sessionToken) await this.deps.sessions.markAuthenticated(request.sessionToken);
    return { enrolled: true, recoveryCodes: codes };
  }

  /**
   * Ten new recovery codes for the caller's authenticator app, shown once; the old ones are
   * replaced in the same statement, so none of them works afterwards. The gateway asked for
   * step-up before.
   */
  async regenerateRecoveryCodes(
    request: RegenerateRecoveryCodesRequest,
  ): Promise<RecoveryCodesRegenerated> {
    const { key, facts, document } = await this.own(request);
    const totp = activeMfaOf(document, facts.id);
    const { codes, hashes } = recoveryCodesFor(facts.id);
    if (!totp || !(await this.deps.store.replaceRecoveryCodes(key, totp, hashes)))
      throw new ServiceError(
        'mfa-not-enrolled',
        'Set up an authenticator app first: recovery codes belong to it.',
      );
    await this.deps.accounts.record(
      facts,
      { type: 'RegenerateRecoveryCodes', recoveryCodes: codes.length },
      request.context,
    );
    return { recoveryCodes: codes };
  }

  /** Step-up: a code when the account has a factor, else the password; the session is renewed. */
  async reauthenticate(request: ReauthenticateRequest): Promise<{ reauthenticated: true }> {
    const { key, facts, document } = await this.own(request);
    const attempt = attemptOf(request, facts);
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
   * A cloud administrator removes every factor of another administrator or of an end user: the
   * event first (so the trail has it even if what follows is cut short; doing it again is
   * harmless), then the secrets, then every session of the account; the other cloud
   * administrators are told, as for any break-glass use.
   */
  async reset(request: ResetMfaRequest): Promise<{ reset: true }> {
    await assertCloudAdministrator(
      this.deps.readModel,
      request.context,
      request.orgId,
      'Only a cloud administrator can reset multi-factor authentication.',
    );
    if (request.account.kind === 'administrator' && request.context.actor.id === request.account.id)
      throw new ServiceError(
        'cannot-reset-own-mfa',
        'Another cloud administrator has to reset your multi-factor authentication.',
      );
    const { key, facts, document } = await this.deps.accounts.find(request.orgId, request.account);
    await this.deps.accounts.record(facts, { type: 'ResetMfa' }, request.context);
    await this.deps.store.clear(key);
    await this.deps.passkeys.forget(passkeysOf(document, facts.id));
    await this.deps.accountSessions.endAllOf(
      { id: facts.id, kind: facts.kind, orgId: facts.orgId, email: facts.email },
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
    const handled = await this.deps.organizations.handle(
      request.orgId,
      request.orgId,
      {
        type: 'SetMfaPolicy',
        change: {
          ...(request.requiredForAdministrators !== undefined
            ? {
                administrators: this.ruleChange(
                  request.requiredForAdministrators,
                  request.graceUntil,
                  request.graceDays,
                ),
              }
            : {}),
          ...(request.requiredForUsers !== undefined
            ? {
                users: this.ruleChange(
                  request.requiredForUsers,
                  request.usersGraceUntil,
                  request.usersGraceDays,
                ),
              }
            : {}),
        },
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
    return completeMfaPolicy(handled.state.administratorMfa);
  }

  /** A rule turned on gets a grace period: the one given, `graceDays`, or the deployment's. */
  private ruleChange(required: boolean, graceUntil?: string, graceDays?: number) {
    const graceMs = graceDays !== undefined ? graceDays * 86_400_000 : this.deps.mfaGraceMs;
    return {
      required,
      graceUntil: required
        ? (graceUntil ?? new Date(this.now().getTime() + graceMs).toISOString())
        : null,
      // A grace period chosen (in days, or an end given by an operator) replaces the running one.
      ...(graceDays !== undefined || graceUntil !== undefined ? { newGrace: true } : {}),
    };
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
    return completeMfaPolicy(
      organization.administratorMfa ?? { requiredForAdministrators: false, graceUntil: null },
    );
  }

  /** The caller's own account (an end user's or an administrator's). */
  private own(request: { orgId: string; context: ResetMfaRequest['context'] }) {
    return this.deps.accounts.find(request.orgId, MfaAccounts.own(request.context));
  }
}

function recoveryCodesFor(accountId: string) {
  const codes = newRecoveryCodes();
  const hashes = codes.map((code) => recoveryCodeHash(accountId, normalizeRecoveryCode(code)!));
  return { codes, hashes };
}

function attemptOf(
  request: Pick<ReauthenticateRequest, 'client' | 'correlationId'>,
  facts: { kind: 'user' | 'administrator'; email: string },
) {
  return {
    surface: surfaceOf(facts.kind),
    email: facts.email,
    client: request.client,
    correlationId: request.correlationId,
  };
}
