import type {
  AdministratorRole,
  AdministratorView,
  PasskeyAssertion,
  SessionPrincipal,
  SignInFailureReason,
  SignInRequest,
  SignInResponse,
  SignInSurface,
  SignInVia,
} from '@coffer/contracts';

import { CredentialStore } from '../credentials/credential-store';
import type { PasswordHasher } from '../credentials/password-hasher';
import { MAX_PASSWORD_LENGTH } from '../credentials/password-policy';
import type { BreakGlassAlerts } from '../mfa/break-glass-alerts';
import { isRecent, mfaRuleOf, mfaStatusOf } from '../mfa/mfa-policy';
import { activeMfaOf, hasSecondFactor } from '../mfa/mfa-store';
import type { FactorUsed, SecondFactor } from '../mfa/second-factor';
import type { PasskeyFactor } from '../passkeys/passkey-factor';
import { passkeysOf } from '../passkeys/passkey-store';
import { administratorViewOf } from '../shared/identity-projector';
import { normalizeEmail } from '../shared/identity-read-model';
import type { AuthEventLog } from './auth-event-log';
import { type BreakGlassSignIn, recordBreakGlass } from './break-glass-record';
import { hasWebAccess } from './capabilities';
import type { FailedAttempts } from './failed-attempts';
import { principalOf } from './principal';
import type { Sessions } from './sessions';
import type { AccountFacts, SignInDirectory, SignInDocument, SsoPolicy } from './sign-in-directory';
import { SignInErrors } from './sign-in-errors';
import { addressKey, signInKey, surfaceOf } from './sign-in-key';
import type { SignInPolicy } from './sign-in-policy';
import { viaOf } from './sign-in-via';
import { mustUseSso } from './sso-policy';

/** An account as sign-in sees it, on the surface it belongs to. */
export interface SignInAccount {
  kind: 'user' | 'administrator';
  id: string;
  orgId: string;
  status: string;
  profileId: string | null;
  role?: AdministratorRole;
  /** What sign-in read about it, so nothing is read twice; absent for one just provisioned. */
  facts?: AccountFacts;
  document?: SignInDocument;
}

/** Who is signing in, from where, and the id that ties their request together across services. */
export type SignInAttempt = Omit<SignInRequest, 'password' | 'otp' | 'passkey'> & {
  /** Said on every event of the attempt, so the audit and the history tell where it was. */
  via?: SignInVia;
};

/** What proves the second factor: a code (TOTP or recovery), or a passkey's assertion. */
export interface SecondFactorProof {
  otp?: string;
  passkey?: PasskeyAssertion;
}

/** How a session was started: a second factor is not a method. */
export type SignInMethod = 'password' | 'saml' | 'passkey';

/** The second factor (of administrators and end users alike) as sign-in uses it. */
export interface SignInMfa {
  factor: SecondFactor;
  passkeys: PasskeyFactor;
  alerts: BreakGlassAlerts;
  /** How recent a sign-in or factor must be for step-up operations. */
  stepUpMs: number;
}

/** A password that was right, with what was read to check it. */
interface CheckedPassword {
  account: SignInAccount;
  key: string;
  document: SignInDocument | undefined;
  sso: SsoPolicy;
}

/** How the sign-in was made, beyond the method: for the principal and the break-glass alerts. */
type AdmitNotes = Pick<BreakGlassSignIn, 'factor' | 'failSafeUnderSso'>;

export function signInAccountOf(facts: AccountFacts, document?: SignInDocument): SignInAccount {
  return {
    kind: facts.kind,
    id: facts.id,
    orgId: facts.orgId,
    status: facts.status,
    profileId: facts.profileId,
    ...(facts.role ? { role: facts.role } : {}),
    facts,
    ...(document ? { document } : {}),
  };
}

/**
 * Sign-in to the web portal (end users) and the console (administrators), with a password or
 * (through SsoSignInService) a validated SAML assertion. Every credential failure (unknown
 * email, wrong password, the other surface's account) is the same error after the same work:
 * one argon2 verification.
 *
 * A successful password sign-in is four database commands: the sign-in document (account,
 * hash, lockout counter, the rules that apply) and the client address's counter, read side by
 * side, then the session and the sign-in event.
 */
export class SignInService {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly policy: SignInPolicy,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    private readonly attempts: FailedAttempts,
    private readonly sessions: Sessions,
    private readonly authEvents: AuthEventLog,
    private readonly mfa: SignInMfa,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(request: SignInRequest): Promise<SignInResponse> {
    const checked = await this.checkPassword(request, request.password);
    const factor = await this.checkSecondFactor(checked, request, {
      ...(request.otp !== undefined ? { otp: request.otp } : {}),
      ...(request.passkey ? { passkey: request.passkey } : {}),
    });
    await this.attempts.reset(checked.key, checked.document);
    return this.admit(checked.account, request, 'password', {
      factor,
      failSafeUnderSso: failSafeUnderSsoOf(checked),
    });
  }

  /**
   * Asks for the account's second factor when it has one: none typed is `mfa-required` (the
   * password was right, so this tells nothing new to whoever typed it); a wrong, expired,
   * reused or malformed code, and a malformed, replayed or wrong passkey assertion, is
   * `invalid-otp` and counts towards the lockout like a wrong password.
   */
  async checkSecondFactor(
    checked: Pick<CheckedPassword, 'account' | 'key' | 'document'>,
    attempt: SignInAttempt,
    proof: SecondFactorProof,
  ): Promise<FactorUsed | undefined> {
    const { account, document } = checked;
    if (!hasSecondFactor(document, account.id)) return undefined;
    if (proof.otp === undefined && proof.passkey === undefined) throw SignInErrors.mfaRequired();
    const factor = await this.verifyFactor(checked, proof);
    if (factor) return factor;
    await this.countFailure(attempt, checked.key, 'invalid-otp', checked.account);
    throw SignInErrors.invalidOtp();
  }

  private async verifyFactor(
    { account, key, document }: Pick<CheckedPassword, 'account' | 'key' | 'document'>,
    proof: SecondFactorProof,
  ): Promise<FactorUsed | undefined> {
    if (proof.passkey) {
      // The password was typed: presence suffices, as with a security key.
      const entry = await this.mfa.passkeys.verify(proof.passkey, document, account.id, {
        requireUserVerification: false,
      });
      return entry ? { kind: 'passkey', passkeyId: entry.id } : undefined;
    }
    const totp = activeMfaOf(document, account.id);
    return totp && proof.otp !== undefined
      ? this.mfa.factor.verify(key, totp, proof.otp)
      : undefined;
  }

  /**
   * An administrator's email and fail-safe password without a session (HTTP Basic for scripts):
   * the same lockout, SSO rule and failure events as console sign-in.
   */
  async verifyAdministratorPassword(
    attempt: Omit<SignInAttempt, 'surface'>,
    password: string,
  ): Promise<AdministratorView> {
    const request = { ...attempt, surface: 'console' as const };
    const checked = await this.checkPassword(request, password);
    // A password alone no longer proves an account with a second factor; a token does.
    if (hasSecondFactor(checked.document, checked.account.id))
      throw SignInErrors.mfaPasswordRefused();
    return this.withoutSession(checked, request);
  }

  /**
   * The PST download page's fail-safe password: a person at a browser, so an account with a
   * second factor is asked for it as at console sign-in (`mfa-required`, wrong codes counted
   * towards the lockout), and a recovery code or a fail-safe password under SSO is a break-glass
   * use, alerted as one. No session starts: the page gets a download grant only.
   */
  async verifyAdministratorForDownload(
    attempt: Omit<SignInAttempt, 'surface'>,
    password: string,
    otp: string | undefined,
  ): Promise<AdministratorView> {
    const request = { ...attempt, surface: 'console' as const, via: 'pst-download' as const };
    const checked = await this.checkPassword(request, password);
    const factor = await this.checkSecondFactor(checked, request, otp !== undefined ? { otp } : {});
    const administrator = await this.withoutSession(checked, request);
    const facts = checked.account.facts!;
    // Past the grace period a console session without a factor reaches only enrolment; a
    // download must not be the way around it.
    if (this.mfaOf(checked.document, facts).enrolmentOverdue)
      throw SignInErrors.mfaEnrolmentRequired();
    await recordBreakGlass(
      { authEvents: this.authEvents, alerts: this.mfa.alerts },
      {
        facts,
        attempt: request,
        method: 'password',
        factor,
        failSafeUnderSso: failSafeUnderSsoOf(checked),
      },
    );
    return administrator;
  }

  /** Every factor was right: the counter resets, and only an active administrator passes. */
  private async withoutSession(
    { account, key, document }: CheckedPassword,
    request: SignInAttempt,
  ): Promise<AdministratorView> {
    await this.attempts.reset(key, document);
    if (account.status !== 'active') {
      await this.recordFailure(request, 'user-disabled', account);
      throw SignInErrors.invalidCredentials();
    }
    if (!account.facts || account.kind !== 'administrator') throw SignInErrors.invalidCredentials();
    return administratorViewOf(account.facts);
  }

  /**
   * The common end of every sign-in: the account's status and profile decide, then a new
   * session starts (a session id planted before sign-in is never reused).
   */
  async admit(
    account: SignInAccount,
    attempt: SignInAttempt,
    method: SignInMethod,
    notes: AdmitNotes = {},
  ): Promise<SignInResponse> {
    if (account.status === 'disabled') {
      await this.recordFailure(attempt, 'user-disabled', account);
      throw SignInErrors.userDisabled();
    }
    if (account.status === 'preserved') {
      await this.recordFailure(attempt, 'user-preserved', account);
      throw SignInErrors.userPreserved();
    }
    // An account provisioned a moment ago comes without its document: read it once.
    const document =
      account.document ?? (await this.directory.get(signInKey(attempt.surface, attempt.email)));
    const facts = account.facts ?? document?.account;
    if (!facts || facts.id !== account.id) throw SignInErrors.invalidCredentials();
    const rules = account.kind === 'user' ? await this.policy.accessOf(document, facts) : undefined;
    if (rules && !hasWebAccess(rules)) {
      await this.recordFailure(attempt, 'web-access-disabled', account);
      throw SignInErrors.webAccessDisabled();
    }
    const session = await this.sessions.start({
      surface: attempt.surface,
      kind: account.kind,
      accountId: account.id,
      orgId: account.orgId,
      signInKey: signInKey(surfaceOf(facts.kind), facts.email),
      method: method === 'saml' ? 'sso' : method,
      ...(attempt.client.ip ? { ip: attempt.client.ip } : {}),
      ...(attempt.client.userAgent ? { userAgent: attempt.client.userAgent } : {}),
    });
    await this.authEvents.record(
      {
        type: 'identity.sign-in.succeeded',
        payload: {
          surface: attempt.surface,
          ...viaOf(attempt),
          email: normalizeEmail(attempt.email),
          accountId: account.id,
          method,
        },
      },
      account.orgId,
      attempt.client,
      attempt.correlationId,
    );
    await recordBreakGlass(
      { authEvents: this.authEvents, alerts: this.mfa.alerts },
      { facts, attempt, method, ...notes },
    );
    const mfa = this.mfaOf(document, facts, method);
    // The document was read before the code was used up.
    if (notes.factor?.kind === 'recovery-code') mfa.recoveryCodesLeft = notes.factor.remaining;
    const principal = principalOf(facts, session.id, rules, {
      mfa,
      recentlyAuthenticated: true,
      breakGlass: Boolean(notes.failSafeUnderSso) || notes.factor?.kind === 'recovery-code',
    });
    return { sessionToken: session.token, principal };
  }

  /** The account's factor and what the organisation's policy asks of its kind now. */
  mfaOf(
    document: SignInDocument | undefined,
    facts: AccountFacts,
    method: SignInMethod = 'password',
  ) {
    const totp = activeMfaOf(document, facts.id);
    const passkeys = passkeysOf(document, facts.id).length;
    return mfaStatusOf(
      mfaRuleOf(document?.sso?.administratorMfa, facts.kind),
      hasSecondFactor(document, facts.id),
      totp?.recoveryCodes?.length ?? 0,
      this.now(),
      method,
      { totp: totp !== undefined, passkeys },
    );
  }

  recordFailure(
    attempt: SignInAttempt,
    reason: SignInFailureReason,
    /** The account, or only its organisation when the person is known by the IdP alone. */
    account?: { id?: string; orgId: string },
    detail?: string,
  ): Promise<void> {
    return this.authEvents.record(
      {
        type: 'identity.sign-in.failed',
        payload: {
          surface: attempt.surface,
          ...viaOf(attempt),
          email: normalizeEmail(attempt.email),
          reason,
          ...(account?.id ? { accountId: account.id } : {}),
          ...(detail ? { detail } : {}),
        },
      },
      account?.orgId,
      attempt.client,
      attempt.correlationId,
    );
  }

  /**
   * The principal of a live session on this surface, or null; a session whose account is no
   * longer active ends. Two reads: the session, then the account's sign-in document.
   */
  async resolve(sessionToken: string, surface: SignInSurface): Promise<SessionPrincipal | null> {
    const session = await this.sessions.resolve(sessionToken);
    if (!session || session.surface !== surface) return null;
    const document = session.signInKey ? await this.directory.get(session.signInKey) : undefined;
    const facts = document?.account;
    if (!facts || facts.id !== session.accountId || facts.status !== 'active') {
      await this.sessions.end(sessionToken);
      return null;
    }
    const rules = facts.kind === 'user' ? await this.policy.accessOf(document, facts) : undefined;
    return principalOf(facts, session.id, rules, {
      mfa: this.mfaOf(document, facts, methodOfSession(session.method)),
      recentlyAuthenticated: isRecent(
        session.authenticatedAt ?? session.createdAt,
        this.now(),
        this.mfa.stepUpMs,
      ),
    });
  }

  end(sessionToken: string): Promise<void> {
    return this.sessions.end(sessionToken);
  }

  /** The account with this email on this surface, with its sign-in document. */
  async findAccount(surface: SignInSurface, email: string): Promise<SignInAccount | undefined> {
    const document = await this.directory.get(signInKey(surface, email));
    return document?.account ? signInAccountOf(document.account, document) : undefined;
  }

  /**
   * Lockout, then the password, then the organisation's SSO rule. The SSO rule is applied only
   * once the password was right, so `sso-required` tells nothing to someone who does not know it.
   */
  async checkPassword(attempt: SignInAttempt, password: string): Promise<CheckedPassword> {
    const email = normalizeEmail(attempt.email);
    const key = signInKey(attempt.surface, email);
    const ipKey = attempt.client.ip ? addressKey(attempt.client.ip) : undefined;

    const [document, address] = await this.directory.getEach([key, ipKey]);
    const lockedUntil = this.attempts.lockOf([document, address]);
    if (lockedUntil) {
      await this.recordFailure(attempt, 'locked-out');
      throw SignInErrors.lockedOut(lockedUntil, this.now());
    }

    const account = document?.account ? signInAccountOf(document.account, document) : undefined;
    if (!(await this.passwordMatches(key, document, account, password))) {
      await this.countFailure(attempt, key, 'bad-credentials', account);
      throw SignInErrors.invalidCredentials();
    }
    const known = account as SignInAccount;
    const sso = await this.policy.ssoOf(document, known.orgId);
    if (
      sso.configured &&
      mustUseSso(
        sso.enforcement,
        known.kind === 'user' ? { kind: 'user' } : { kind: 'administrator', role: known.role! },
      )
    ) {
      await this.recordFailure(attempt, 'sso-required', known);
      throw SignInErrors.ssoRequired();
    }
    // The failure counter is reset by the caller, once every factor it asks for was right.
    return { account: known, key, document, sso };
  }

  /** A wrong password or code: the account's and the address's counters, the event, maybe a lock. */
  async countFailure(
    attempt: SignInAttempt,
    key: string,
    reason: 'bad-credentials' | 'invalid-otp',
    account: SignInAccount | undefined,
  ): Promise<void> {
    const ipKey = attempt.client.ip ? addressKey(attempt.client.ip) : undefined;
    const { failures, lockedUntil: newLock } = await this.attempts.recordFailure(key, ipKey);
    await this.recordFailure(attempt, reason, account);
    if (newLock) {
      await this.authEvents.record(
        {
          type: 'identity.account.locked',
          payload: {
            surface: attempt.surface,
            ...viaOf(attempt),
            email: normalizeEmail(attempt.email),
            until: newLock.toISOString(),
            failures,
          },
        },
        account?.orgId,
        attempt.client,
        attempt.correlationId,
      );
    }
  }

  /** The account's lock, or the client address's, as a `locked-out` error (for MFA checks too). */
  async assertNotLocked(attempt: SignInAttempt, document?: SignInDocument) {
    const ipKey = attempt.client.ip ? addressKey(attempt.client.ip) : undefined;
    const address = ipKey ? await this.attempts.read(ipKey) : undefined;
    const lockedUntil = this.attempts.lockOf([document, address]);
    if (lockedUntil) {
      await this.recordFailure(attempt, 'locked-out');
      throw SignInErrors.lockedOut(lockedUntil, this.now());
    }
  }

  /** A wrong code outside sign-in (enrolment, step-up): counted like one at sign-in. */
  async refuseCode(attempt: SignInAttempt, key: string, account: SignInAccount): Promise<never> {
    await this.countFailure(attempt, key, 'invalid-otp', account);
    throw SignInErrors.invalidOtp();
  }

  /** A wrong password outside sign-in (step-up): counted like one at sign-in. */
  async refusePassword(
    attempt: SignInAttempt,
    key: string,
    account: SignInAccount,
  ): Promise<never> {
    await this.countFailure(attempt, key, 'bad-credentials', account);
    throw SignInErrors.invalidCredentials();
  }

  /** The password of this account, checked with the same hasher as sign-in. */
  passwordOf(
    key: string,
    document: SignInDocument | undefined,
    account: SignInAccount,
    password: string,
  ) {
    return this.passwordMatches(key, document, account, password);
  }

  private async passwordMatches(
    key: string,
    document: SignInDocument | undefined,
    account: SignInAccount | undefined,
    password: string,
  ): Promise<boolean> {
    // A password no account can have is refused before hashing, so a huge one costs nothing.
    if ([...password].length > MAX_PASSWORD_LENGTH) return false;
    const hash = account ? CredentialStore.hashOf(document, account.id) : undefined;
    if (!account || !hash) return this.hasher.verifyAgainstDummy(password);
    if (!(await this.hasher.verify(hash, password))) return false;
    // Parameters raised since this hash was made: the plain password is at hand only now.
    if (this.hasher.needsRehash(hash))
      await this.credentials.setPassword(key, account.id, await this.hasher.hash(password));
    return true;
  }
}

/** Cloud administrators keep their fail-safe password under SSO enforcement: a break-glass use. */
function failSafeUnderSsoOf(checked: CheckedPassword): SsoPolicy['enforcement'] | undefined {
  return checked.account.kind === 'administrator' &&
    checked.sso.configured &&
    checked.sso.enforcement === 'users-and-administrators'
    ? checked.sso.enforcement
    : undefined;
}

function methodOfSession(method: string | undefined): SignInMethod {
  if (method === 'sso') return 'saml';
  return method === 'passkey' ? 'passkey' : 'password';
}
