import type { PasskeySignInRequest, SignInResponse } from '@coffer/contracts';

import type { FailedAttempts } from '../sign-in/failed-attempts';
import { signInAccountOf, type SignInService } from '../sign-in/sign-in.service';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import { SignInErrors } from '../sign-in/sign-in-errors';
import { addressKey } from '../sign-in/sign-in-key';
import type { SignInPolicy } from '../sign-in/sign-in-policy';
import { mustUseSso } from '../sign-in/sso-policy';
import type { PasskeyFactor } from './passkey-factor';

/** Who a refused assertion of an unknown passkey is recorded as: no email was typed. */
const UNKNOWN_PASSKEY = 'unknown passkey';

/**
 * Passwordless console sign-in with a discoverable passkey, for administrators. The passkey
 * names its account (credential id, then user handle); the assertion must carry user
 * verification (the PIN or biometric stands in for the password). Then the same rules as a
 * password sign-in: lockout, the SSO rule (a cloud administrator's passkey under enforcement is
 * a fail-safe use, alerted), the account's status, a new session with method `passkey`.
 */
export class PasskeySignInService {
  constructor(
    private readonly deps: {
      factor: PasskeyFactor;
      directory: SignInDirectory;
      policy: SignInPolicy;
      attempts: FailedAttempts;
      signIn: SignInService;
    },
  ) {}

  async signIn(request: PasskeySignInRequest): Promise<SignInResponse> {
    const credential = await this.deps.factor.credentialOf(request);
    const document = credential ? await this.deps.directory.get(credential.signInKey) : undefined;
    const facts = document?.account?.id === credential?.accountId ? document?.account : undefined;
    const attempt = {
      surface: 'console' as const,
      email: facts?.email ?? UNKNOWN_PASSKEY,
      client: request.client,
      correlationId: request.correlationId,
    };
    await this.deps.signIn.assertNotLocked(attempt, document);
    // Verified even for an unknown passkey: it uses the challenge up, and takes the same path.
    const entry = await this.deps.factor.verify(request, document, facts?.id ?? '', {
      requireUserVerification: true,
      credential,
    });
    if (!entry || !facts || !document || facts.kind !== 'administrator') {
      if (facts && document) {
        await this.deps.signIn.countFailure(
          attempt,
          document._id,
          'invalid-otp',
          signInAccountOf(facts, document),
        );
      } else {
        if (request.client.ip)
          await this.deps.attempts.recordAddressFailure(addressKey(request.client.ip));
        await this.deps.signIn.recordFailure(attempt, 'invalid-otp');
      }
      throw SignInErrors.invalidOtp();
    }
    const account = signInAccountOf(facts, document);
    const sso = await this.deps.policy.ssoOf(document, facts.orgId);
    if (
      sso.configured &&
      mustUseSso(sso.enforcement, { kind: 'administrator', role: facts.role! })
    ) {
      await this.deps.signIn.recordFailure(attempt, 'sso-required', account);
      throw SignInErrors.ssoRequired();
    }
    await this.deps.attempts.reset(document._id, document);
    return this.deps.signIn.admit(account, attempt, 'passkey', {
      factor: { kind: 'passkey', passkeyId: entry.id },
      ...(sso.configured && sso.enforcement === 'users-and-administrators'
        ? { failSafeUnderSso: sso.enforcement }
        : {}),
    });
  }
}
