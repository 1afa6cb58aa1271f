import type {
  AdministratorRole,
  AdministratorView,
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
import { mustUseSso } from './sso-policy';

/** An account as sign-in sees it, on the surface it belongs to. */
export interface SignInAccount {
  kind: 'user' | 'administrator';
  id: string;
  orgId: string;
  status: string;
  profileId: string | null;
  role?: AdministratorRole;
  /** For an administrator: the view a caller without a session gets back, as read at sign-in. */
  administrator?: AdministratorView;
}

/** Who is signing in, from where, and the id that ties their request together across services. */
export interface SignInAttempt {
  surface: SignInSurface;
  email: string;
  client: { ip?: string; userAgent?: string };
  correlationId: string;
}

/**
 * Sign-in to the web portal (end users) and the console (administrators), with a password or
 * (through SsoSignInService) a validated SAML assertion. Every credential failure (unknown
 * email, wrong password, the other surface's account) is the same error after the same work:
 * one argon2 verification.
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
    const account = await this.checkPassword(request, request.password);
    return this.admit(account, request, 'password');
  }

  /**
   * An administrator's email and fail-safe password without a session (HTTP Basic for scripts,
   * the PST download page): the same lockout, SSO rule and failure events as console sign-in.
   */
  async verifyAdministratorPassword(
    attempt: Omit<SignInAttempt, 'surface'>,
    password: string,
  ): Promise<AdministratorView> {
    const request = { ...attempt, surface: 'console' as const };
    const account = await this.checkPassword(request, password);
    if (account.status !== 'active') {
      await this.recordFailure(request, 'user-disabled', account);
      throw SignInErrors.invalidCredentials();
    }
    // Found by email moments ago: no second read on every scripted request.
    if (!account.administrator) throw SignInErrors.invalidCredentials();
    return account.administrator;
  }

  /**
   * The common end of every sign-in: the account's status and profile decide, then a new
   * session starts (a session id planted before sign-in is never reused).
   */
  async admit(
    account: SignInAccount,
    attempt: SignInAttempt,
    method: 'password' | 'saml',
  ): Promise<SignInResponse> {
    if (account.status === 'disabled') {
      await this.recordFailure(attempt, 'user-disabled', account);
      throw SignInErrors.userDisabled();
    }
    if (account.status === 'preserved') {
      await this.recordFailure(attempt, 'user-preserved', account);
      throw SignInErrors.userPreserved();
    }
    if (
      account.kind === 'user' &&
      !hasWebAccess(await this.profileAccess.rulesFor(account.orgId, account.profileId))
    ) {
      await this.recordFailure(attempt, 'web-access-disabled', account);
      throw SignInErrors.webAccessDisabled();
    }
    const session = await this.sessions.start({
      surface: attempt.surface,
      kind: account.kind,
      accountId: account.id,
      orgId: account.orgId,
    });
    const principal = await this.principal(account.kind, account.id, session.id);
    if (!principal) throw SignInErrors.invalidCredentials();
    await this.authEvents.record(
      'identity.sign-in.succeeded',
      account.orgId,
      {
        surface: attempt.surface,
        email: normalizeEmail(attempt.email),
        accountId: account.id,
        method,
      },
      attempt.client,
      attempt.correlationId,
    );
    return { sessionToken: session.token, principal };
  }

  recordFailure(
    attempt: SignInAttempt,
    reason: SignInFailureReason,
    /** The account, or only its organisation when the person is known by the IdP alone. */
    account?: { id?: string; orgId: string },
    detail?: string,
  ): Promise<void> {
    return this.authEvents.record(
      'identity.sign-in.failed',
      account?.orgId,
      {
        surface: attempt.surface,
        email: normalizeEmail(attempt.email),
        reason,
        ...(account?.id ? { accountId: account.id } : {}),
        ...(detail ? { detail } : {}),
      },
      attempt.client,
      attempt.correlationId,
    );
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

  async findAccount(surface: SignInSurface, email: string): Promise<SignInAccount | undefined> {
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
    const found = await this.readModel.administratorByEmail(email);
    if (!found) return undefined;
    const { status, ...administrator } = found;
    return {
      kind: 'administrator',
      id: administrator.id,
      orgId: administrator.orgId,
      status,
      profileId: null,
      role: administrator.role,
      administrator,
    };
  }

  /**
   * Lockout, then the password, then the organisation's SSO rule. The SSO rule is applied only
   * once the password was right, so `sso-required` tells nothing to someone who does not know it.
   */
  private async checkPassword(attempt: SignInAttempt, password: string): Promise<SignInAccount> {
    const email = normalizeEmail(attempt.email);
    const accountKey = `${attempt.surface}:${email}`;
    const ipKey = attempt.client.ip ? `ip:${attempt.client.ip}` : undefined;

    const lockedUntil = await this.attempts.lockedUntil(ipKey ? [accountKey, ipKey] : [accountKey]);
    if (lockedUntil) {
      await this.recordFailure(attempt, 'locked-out');
      throw SignInErrors.lockedOut(lockedUntil, this.now());
    }

    const account = await this.findAccount(attempt.surface, email);
    if (!(await this.passwordMatches(account, password))) {
      const { failures, lockedUntil: newLock } = await this.attempts.recordFailure(
        accountKey,
        ipKey,
      );
      await this.recordFailure(attempt, 'bad-credentials', account);
      if (newLock) {
        await this.authEvents.record(
          'identity.account.locked',
          account?.orgId,
          { surface: attempt.surface, email, until: newLock.toISOString(), failures },
          attempt.client,
          attempt.correlationId,
        );
      }
      throw SignInErrors.invalidCredentials();
    }
    await this.attempts.reset(accountKey);
    const known = account as SignInAccount;
    const sso = await this.readModel.ssoSettings(known.orgId);
    if (
      sso &&
      mustUseSso(
        sso.enforcement,
        known.kind === 'user' ? { kind: 'user' } : { kind: 'administrator', role: known.role! },
      )
    ) {
      await this.recordFailure(attempt, 'sso-required', known);
      throw SignInErrors.ssoRequired();
    }
    return known;
  }

  private async passwordMatches(
    account: SignInAccount | undefined,
    password: string,
  ): Promise<boolean> {
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
