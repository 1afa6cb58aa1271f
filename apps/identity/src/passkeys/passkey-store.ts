import { createHash } from 'node:crypto';

import type { mongo } from 'mongoose';

import type { MfaDocument } from '../mfa/mfa-store';
import type { SignInDocument } from '../sign-in/sign-in-directory';

/** A passkey as the account's sign-in document lists it: enough to ask for it, no key. */
export interface PasskeyEntry {
  /** Short id (see `passkeyIdOf`): what events, the console and removal name it by. */
  id: string;
  /** The WebAuthn credential id, base64url. */
  credentialId: string;
  name: string;
  createdAt: Date;
  transports?: string[];
}

/**
 * The verifying half, found by credential id alone: a discoverable sign-in knows nothing else
 * before the signature is checked. The public key is no secret; the counter catches clones.
 */
export interface PasskeyCredentialDocument {
  _id: string;
  accountId: string;
  orgId: string;
  /** The sign-in document of the account, for a passwordless sign-in to read next. */
  signInKey: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports?: string[];
  createdAt: Date;
  lastUsedAt?: Date;
}

/** A short, stable id for a credential id: the console and the events never carry the id itself. */
export function passkeyIdOf(credentialId: string): string {
  return createHash('sha256').update(credentialId).digest('hex').slice(0, 16);
}

/** The passkeys of this account listed on its sign-in document (none for a stale document). */
export function passkeysOf(
  document: SignInDocument | undefined,
  accountId: string,
): PasskeyEntry[] {
  const mfa = document?.mfa;
  return mfa?.accountId === accountId ? (mfa.passkeys ?? []) : [];
}

/**
 * Passkeys in two places, each found by `_id`: the list on the account's sign-in document (what
 * sign-in trusts: a passkey not listed there proves nothing) and the credential document with
 * the public key and counter. Registration writes the credential first and lists it after;
 * removal unlists first: a half-done change never lets in a passkey the account does not have.
 */
export class PasskeyStore {
  readonly credentials: mongo.Collection<PasskeyCredentialDocument>;

  constructor(
    db: mongo.Db,
    private readonly signIn: mongo.Collection<SignInDocument>,
  ) {
    this.credentials = db.collection<PasskeyCredentialDocument>('passkeys');
  }

  credential(credentialId: string): Promise<PasskeyCredentialDocument | null> {
    return this.credentials.findOne({ _id: credentialId });
  }

  async add(
    document: SignInDocument,
    credential: PasskeyCredentialDocument,
    entry: PasskeyEntry,
  ): Promise<void> {
    await this.credentials.insertOne(credential);
    if (document.mfa?.accountId === credential.accountId) {
      await this.signIn.updateOne(
        { _id: document._id, 'mfa.accountId': credential.accountId },
        { $push: { 'mfa.passkeys': entry } },
      );
    } else {
      // A document without a factor, or one left by an earlier account with this email.
      const mfa: MfaDocument = { accountId: credential.accountId, passkeys: [entry] };
      await this.signIn.updateOne({ _id: document._id }, { $set: { mfa } });
    }
  }

  async remove(document: SignInDocument, accountId: string, entry: PasskeyEntry): Promise<void> {
    // The list without it, rather than `$pull` by a condition, which not every engine has.
    const rest = passkeysOf(document, accountId).filter(({ id }) => id !== entry.id);
    await this.signIn.updateOne(
      { _id: document._id, 'mfa.accountId': accountId },
      { $set: { 'mfa.passkeys': rest } },
    );
    await this.credentials.deleteOne({ _id: entry.credentialId });
  }

  /** After an MFA reset unlisted them: the credential documents of those passkeys. */
  async forget(entries: PasskeyEntry[]): Promise<void> {
    for (const entry of entries) await this.credentials.deleteOne({ _id: entry.credentialId });
  }

  /**
   * The signature counter moves forward, once: a counter that did not grow (a cloned key, or the
   * same assertion twice) is refused by the condition of the update itself. Authenticators that
   * keep no counter report 0 every time; for them the single-use challenge is the replay guard.
   */
  async acceptCounter(credentialId: string, stored: number, counter: number, now: Date) {
    if (counter === 0 && stored === 0) {
      await this.credentials.updateOne({ _id: credentialId }, { $set: { lastUsedAt: now } });
      return true;
    }
    const result = await this.credentials.updateOne(
      { _id: credentialId, counter: { $lt: counter } },
      { $set: { counter, lastUsedAt: now } },
    );
    return result.modifiedCount === 1;
  }
}
