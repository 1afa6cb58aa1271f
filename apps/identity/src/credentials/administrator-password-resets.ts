import type {
  AdministratorView,
  CommandContext,
  ForgotPasswordRequest,
  PasswordResetRequest,
  ResetPasswordRequest,
} from '@coffer/contracts';
import { type Mailer, ServiceError } from '@coffer/service-kit';

import type { AccountSessions } from '../sessions/account-sessions';
import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import type { AdministratorCommands } from '../shared/identity-command-handlers';
import { administratorViewOf } from '../shared/identity-projector';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import { signInKey } from '../sign-in/sign-in-key';
import { CredentialStore } from './credential-store';
import type { PasswordHasher } from './password-hasher';
import type { PasswordLinks } from './password-links';
import { assertAcceptablePassword } from './password-policy';

/**
 * Fail-safe passwords of administrators: a reset link sent by another cloud administrator
 * (Manage Administrators → Reset Password) or asked for by the administrator (forgot password).
 * Links are single-use, stored hashed, replaced by a newer one, valid for a day, and built from
 * the configured public URL, never from a request's Host header.
 */
export class AdministratorPasswordResets {
  constructor(
    private readonly administrators: AdministratorCommands,
    private readonly readModel: IdentityReadModel,
    private readonly directory: SignInDirectory,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    private readonly links: PasswordLinks,
    private readonly sessions: AccountSessions,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  async requestByAdministrator(request: PasswordResetRequest): Promise<{ sent: true }> {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      "Only a cloud administrator can reset another administrator's password.",
    );
    if (request.context.actor.id === request.administratorId) {
      throw new ServiceError(
        'cannot-reset-self',
        'To change your own password, use "Forgot password" on the sign-in page.',
      );
    }
    const target = await this.readModel.administratorById(request.administratorId);
    if (!target || target.orgId !== request.orgId || target.status !== 'active') {
      throw new ServiceError(
        'administrator-not-found',
        'There is no such administrator in your organisation.',
      );
    }
    await this.sendLink(target, 'administrator', request.context);
    return { sent: true };
  }

  /**
   * Forgot password. Answers the same whether or not the email belongs to an administrator:
   * the caller does not wait for this, so neither the answer nor its timing tells.
   */
  async forgotPassword(request: ForgotPasswordRequest): Promise<void> {
    const account = (await this.directory.get(signInKey('console', request.email)))?.account;
    if (!account || account.status !== 'active') return;
    const administrator = administratorViewOf(account);
    await this.sendLink(administrator, 'self', {
      actor: {
        type: 'administrator',
        id: administrator.id,
        email: administrator.email,
        ...request.client,
      },
      correlationId: `forgot-password:${administrator.id}`,
    });
  }

  /**
   * Sets the fail-safe password from a link. The password is checked before the link is used,
   * so a refused password does not cost the link; every other session of the account ends.
   */
  async reset(request: ResetPasswordRequest): Promise<{ passwordSet: true }> {
    assertAcceptablePassword(request.newPassword, 'administrator');
    const administratorId = await this.links.redeem(request.token, 'administrator-reset');
    const administrator = administratorId
      ? await this.readModel.administratorById(administratorId)
      : undefined;
    if (!administrator || administrator.status !== 'active') {
      throw new ServiceError(
        'password-link-invalid',
        'This link has expired or was already used. Ask another cloud administrator for a new one.',
      );
    }
    const key = signInKey('console', administrator.email);
    // An invited administrator's link sets their first password: their account is ready.
    const firstPassword = !CredentialStore.hashOf(await this.directory.get(key), administrator.id);
    // The hash is stored before the event: a crash in between leaves a password that works and
    // an event that is missing, never an event promising a password that was not stored.
    const hash = await this.hasher.hash(request.newPassword);
    await this.credentials.setPassword(key, administrator.id, hash);
    const context = {
      actor: { type: 'administrator' as const, id: administrator.id, email: administrator.email },
      correlationId: `password-reset:${administrator.id}`,
    };
    await this.administrators.handle(
      administrator.id,
      administrator.orgId,
      { type: 'SetFailSafePassword' },
      context,
      { retryOnConflict: true },
    );
    await this.sessions.endAllOf(
      {
        id: administrator.id,
        kind: 'administrator',
        orgId: administrator.orgId,
        email: administrator.email,
      },
      'password-reset',
      context,
    );
    await this.mailer.send(
      firstPassword ? this.accountReady(administrator) : this.passwordChanged(administrator),
    );
    return { passwordSet: true };
  }

  private accountReady(administrator: { email: string; name: string }) {
    return {
      to: administrator.email,
      subject: 'Your Coffer administrator account is ready',
      text: [
        `Hello ${administrator.name},`,
        '',
        'You have chosen your fail-safe password: your Coffer administrator account is ready.',
        `Sign in to the console at ${this.publicUrl}/console`,
        '',
        'If you did not do this, ask a cloud administrator of your organisation at once.',
      ].join('\n'),
    };
  }

  private passwordChanged(administrator: { email: string; name: string }) {
    return {
      to: administrator.email,
      subject: 'Your Coffer fail-safe password was changed',
      text: [
        `Hello ${administrator.name},`,
        '',
        'The fail-safe password of your Coffer administrator account was just changed, and',
        'every session that was signed in with your account has been ended.',
        '',
        'If you did not do this, ask another cloud administrator to reset it at once.',
      ].join('\n'),
    };
  }

  private async sendLink(
    administrator: AdministratorView,
    requestedBy: 'administrator' | 'self',
    context: CommandContext,
  ): Promise<void> {
    await this.administrators.handle(
      administrator.id,
      administrator.orgId,
      { type: 'RequestPasswordReset', requestedBy },
      context,
      { retryOnConflict: true },
    );
    const token = await this.links.issue(administrator.id, 'administrator-reset');
    await this.mailer.send({
      to: administrator.email,
      subject: 'Reset your Coffer fail-safe password',
      text: [
        `Hello ${administrator.name},`,
        '',
        requestedBy === 'administrator'
          ? 'Another cloud administrator asked for your fail-safe password to be reset.'
          : 'Someone (we hope you) asked to reset your fail-safe password.',
        'Choose a new one here:',
        `${this.publicUrl}/reset-password#token=${token}`,
        '',
        'The link works once and expires in 24 hours. You keep signing in to the console through',
        'single sign-on as before; the fail-safe password is for when SSO is not available.',
      ].join('\n'),
    });
  }
}
