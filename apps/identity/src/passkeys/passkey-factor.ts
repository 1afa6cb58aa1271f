import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';

import type { PasskeyAssertion, PasskeyChallenge, PasskeyRequestOptions } from '@coffer/contracts';

import type { SignInDocument } from '../sign-in/sign-in-directory';
import { CHALLENGE_LIFETIME_MS, type PasskeyChallenges } from './passkey-challenges';
import {
  type PasskeyCredentialDocument,
  type PasskeyEntry,
  passkeysOf,
  type PasskeyStore,
} from './passkey-store';
import type { RelyingParty } from './relying-party';

/**
 * Checks a passkey's assertion: our challenge (taken first, so even a refused assertion uses
 * it up), a passkey listed on the account's sign-in document, the signature with its stored
 * public key for our RP ID and origin, and a signature counter that moved forward. Undefined
 * for every refusal alike, like a wrong code.
 */
export class PasskeyFactor {
  constructor(
    private readonly store: PasskeyStore,
    private readonly challenges: PasskeyChallenges,
    private readonly relyingParty: RelyingParty,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * A challenge for any of our passkeys: no account is named (discoverable credentials), so
   * asking tells nobody which emails have one.
   */
  async challenge(): Promise<PasskeyChallenge<PasskeyRequestOptions>> {
    const { challengeId, challenge } = await this.challenges.issue('authenticate');
    const options = await generateAuthenticationOptions({
      rpID: this.relyingParty.id,
      // As bytes: the library would encode a string's characters, not decode them.
      challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
      timeout: CHALLENGE_LIFETIME_MS,
      userVerification: 'preferred',
    });
    return { challengeId, options: options as PasskeyRequestOptions };
  }

  /** The stored credential an assertion names, before anything is checked (who to count a failure for). */
  credentialOf(assertion: PasskeyAssertion): Promise<PasskeyCredentialDocument | null> {
    return this.store.credential(assertion.credential.id);
  }

  async verify(
    assertion: PasskeyAssertion,
    document: SignInDocument | undefined,
    accountId: string,
    options: { requireUserVerification: boolean; credential?: PasskeyCredentialDocument | null },
  ): Promise<PasskeyEntry | undefined> {
    const challenge = await this.challenges.take(assertion.challengeId, 'authenticate');
    if (!challenge) return undefined;
    const { credential } = assertion;
    const entry = passkeysOf(document, accountId).find(
      (listed) => listed.credentialId === credential.id,
    );
    if (!entry) return undefined;
    const stored = options.credential ?? (await this.store.credential(entry.credentialId));
    if (!stored || stored.accountId !== accountId) return undefined;
    // A discoverable passkey names its account; it must be the one it was registered for.
    const userHandle = credential.response.userHandle;
    if (userHandle !== undefined && userHandle !== userHandleOf(accountId)) return undefined;
    let newCounter: number;
    try {
      const result = await verifyAuthenticationResponse({
        response: credential as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.relyingParty.origin,
        expectedRPID: this.relyingParty.id,
        credential: {
          id: stored._id,
          publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
          counter: stored.counter,
          ...(stored.transports ? { transports: stored.transports } : {}),
        },
        requireUserVerification: options.requireUserVerification,
      });
      if (!result.verified) return undefined;
      newCounter = result.authenticationInfo.newCounter;
    } catch {
      // Malformed data, a wrong signature, origin or RP ID, a counter that went back.
      return undefined;
    }
    const accepted = await this.store.acceptCounter(
      stored._id,
      stored.counter,
      newCounter,
      this.now(),
    );
    return accepted ? entry : undefined;
  }
}

/** The WebAuthn user handle of an account: its id, which is no personal data. */
export function userHandleOf(accountId: string): string {
  return Buffer.from(accountId, 'utf8').toString('base64url');
}
