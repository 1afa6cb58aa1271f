import type {
  SessionPrincipal,
  SignInFailureReason,
  SignInRequest,
  SignInResponse,
  SignInSurface,
} from '@coffer/contracts';

import type { CredentialStore } from '../credentials/credential-store';
import type { PasswordHasher } from '../credentials/password-hasher';
import { MAX_PASSWORD_LENGTH } from '../credentials/password-policy';
import { normalizeEmail, type IdentityReadModel } from '../shared/identity-read-model';
import type { AuthEventLog } from './auth-event-log';
import type { ProfileAccess } from '../profile-access/profile-access';
import { capabilitiesOf, hasWebAccess } from './capabilities';
import type { FailedAttempts } from './failed-attempts';
import { SignInErrors } from './sign-in-errors';
import type { Sessions } from './sessions';

interface Account {
  kind: 'user' | 'administrator';
  id: string;
  orgId: string;
  status: string;
  profileId: string | null;
}

/**
 * Password sign-in to the web portal (end users) and the console (administrators). Every
 * credential failure (unknown email, wrong password, the other surface's account) is the
 * same error after the same work: one argon2 verification.
 */
export class SignInService {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    private readonly attempts: FailedAttempts,
    private readonly sessions: Sessions,
    private readonly authEvents: AuthEventLog,
    private readonly profileAccess: ProfileAccess,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(request: SignInRequest): Promise<SignInResponse> {
    const email = normalizeEmail(request.email);
    const accountKey = `${request.surface}:${email}`;
    const ipKey = request.client.ip ? `ip:${request.client.ip}` : undefined;
    const failed = (reason: SignInFailureReason, account?: Account) =>
      this.authEvents.record(
        'identity.sign-in.failed',
        account?.orgId,
        { surface: request.surface, email, reason, ...(account ? { accountId: account.id } : {}) },
        request.client,
        request.correlationId,
      );

    const lockedUntil = await this.attempts.lockedUntil(ipKey ? [accountKey, ipKey] : [accountKey]);
    if (lockedUntil) {
      await failed('locked-out');
      throw SignInErrors.lockedOut(lockedUntil, this.now());
    }

    const account = await this.findAccount(request.surface, email);
    if (!(await this.passwordMatches(account, request.password))) {
      const { failures, lockedUntil: newLock } = await this.attempts.recordFailure(
        accountKey,
        ipKey,
      );
      await failed('bad-credentials', account);
      if (newLock) {
        await this.authEvents.record(
          'identity.account.locked',
          account?.orgId,
          { surface: request.surface, email, until: newLock.toISOString(), failures },
          request.client,
          request.correlationId,
        );
      }
      throw SignInErrors.invalidCredentials();
    }
    await this.attempts.reset(accountKey);
    const known = account as Account;

    if (known.status === 'disabled') {
      await failed('user-disabled', known);
      throw SignInErrors.userDisabled();
    }
    if (known.status === 'preserved') {
      await failed('user-preserved', known);
      throw SignInErrors.userPreserved();
    }
    if (
      known.kind === 'user' &&
      !hasWebAccess(await this.profileAccess.rulesFor(known.orgId, known.profileId))
    ) {
      await failed('web-access-disabled', known);
      throw SignInErrors.webAccessDisabled();
    }

    const session = await this.sessions.start({
      surface: request.surface,
      kind: known.kind,
      accountId: known.id,
      orgId: known.orgId,
    });
    const principal = await this.principal(known.kind, known.id, session.id);
    if (!principal) throw SignInErrors.invalidCredentials();
    await this.authEvents.record(
      'identity.sign-in.succeeded',
      known.orgId,
      { surface: request.surface, email, accountId: known.id, method: 'password' },
      request.client,
      request.correlationId,
    );
    return { sessionToken: session.token, principal };
  }

  /** The principal of a live session on this surface, or null; a disabled account's sessions end. */
  async resolve(sessionToken: string, surface: SignInSurface): Promise<SessionPrincipal | null> {
    const session = await this.sessions.resolve(sessionToken);
    if (!session || session.surface !== surface) return null;
    const principal = await this.principal(session.kind, session.accountId, session.id);
    if (!principal) {
      await this.sessions.end(sessionToken);
      return null;
    }
    return principal;
  }

  end(sessionToken: string): Promise<void> {
    return this.sessions.end(sessionToken);
  }

  private async findAccount(surface: SignInSurface, email: string): Promise<Account | undefined> {
    if (surface === 'portal') {
      const user = await this.readModel.userByEmail(email);
      return (
        user && {
          kind: 'user',
          id: user.id,
          orgId: user.orgId,
          status: user.status,
          profileId: user.profileId,
        }
      );
    }
    const administrator = await this.readModel.administratorByEmail(email);
    return administrator && { kind: 'administrator', ...administrator, profileId: null };
  }

  private async passwordMatches(account: Account | undefined, password: string): Promise<boolean> {
    // A password no account can have is refused before hashing, so a huge one costs nothing.
    if ([...password].length > MAX_PASSWORD_LENGTH) return false;
    const hash = account ? await this.credentials.passwordHash(account.id) : undefined;
    if (!account || !hash) return this.hasher.verifyAgainstDummy(password);
    if (!(await this.hasher.verify(hash, password))) return false;
    // Parameters raised since this hash was made: the plain password is at hand only now.
    if (this.hasher.needsRehash(hash))
      await this.credentials.setPassword(account.id, await this.hasher.hash(password));
    return true;
  }

  private async principal(
    kind: 'user' | 'administrator',
    accountId: string,
    sessionId: string,
  ): Promise<SessionPrincipal | undefined> {
    if (kind === 'administrator') {
      const administrator = await this.readModel.administratorById(accountId);
      if (!administrator || administrator.status !== 'active') return undefined;
      const { status: _status, ...view } = administrator;
      return { kind, sessionId, orgId: view.orgId, administrator: view };
    }
    const user = await this.readModel.userById(accountId);
    if (!user || user.status !== 'active') return undefined;
    const rules = await this.profileAccess.rulesFor(user.orgId, user.profileId);
    return { kind, sessionId, orgId: user.orgId, user, capabilities: capabilitiesOf(rules) };
  }
}
