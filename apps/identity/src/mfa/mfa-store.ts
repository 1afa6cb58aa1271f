import type { mongo } from 'mongoose';

import type { PasskeyEntry } from '../passkeys/passkey-store';
import type { SignInDocument } from '../sign-in/sign-in-directory';
import type { CodeUses } from './code-uses';
import type { SealedSecret } from './secret-box';

/**
 * An account's second factor (an administrator's or an end user's), on its sign-in document so that a sign-in still reads one
 * document. Only the encrypted TOTP secret and the hashes of the recovery codes are kept.
 */
export interface MfaDocument {
  /** The account these belong to: a document reused by a later account with the email ignores them. */
  accountId: string;
  /** Started, not confirmed yet: protects nothing and blocks nothing. */
  pending?: { secret: SealedSecret; startedAt: Date };
  totp?: { secret: SealedSecret; enrolledAt: Date };
  recoveryCodes?: string[];
  /** The last TOTP time step accepted: a code of that step or an older one is a replay. */
  lastStep?: number;
  /** Registered passkeys (the public keys are in the `passkeys` collection). */
  passkeys?: PasskeyEntry[];
}

/** Whether the account has any second factor: an authenticator app or a passkey. */
export function hasSecondFactor(document: SignInDocument | undefined, accountId: string): boolean {
  const mfa = document?.mfa;
  return (
    mfa?.accountId === accountId && (mfa.totp !== undefined || (mfa.passkeys?.length ?? 0) > 0)
  );
}

/** The factor of this account on its sign-in document, or undefined. */
export function activeMfaOf(
  document: SignInDocument | undefined,
  accountId: string,
): (MfaDocument & { totp: NonNullable<MfaDocument['totp']> }) | undefined {
  const mfa = document?.mfa;
  return mfa?.accountId === accountId && mfa.totp
    ? (mfa as MfaDocument & { totp: NonNullable<MfaDocument['totp']> })
    : undefined;
}

/**
 * Every change is one statement on one document by `_id`, and the single-use rules (a TOTP step
 * once, a recovery code once) are conditions of that statement; a use that statement accepts is
 * then claimed in `CodeUses`, so two requests racing with the same code cannot both win even on
 * an engine whose conditional updates are not atomic.
 */
export class MfaStore {
  constructor(
    private readonly documents: mongo.Collection<SignInDocument>,
    private readonly uses: CodeUses,
  ) {}

  async startPending(key: string, accountId: string, secret: SealedSecret, now: Date) {
    const current = await this.documents.findOne({ _id: key });
    const keep = current?.mfa?.accountId === accountId ? current.mfa : undefined;
    await this.documents.updateOne(
      { _id: key },
      { $set: { mfa: { ...keep, accountId, pending: { secret, startedAt: now } } } },
    );
  }

  /** The pending secret becomes the factor, with the codes' hashes and the step just used. */
  async confirm(
    key: string,
    accountId: string,
    pending: NonNullable<MfaDocument['pending']>,
    recoveryCodeHashes: string[],
    step: number,
    now: Date,
  ): Promise<boolean> {
    // Field by field, so passkeys registered before stay.
    const result = await this.documents.updateOne(
      { _id: key, 'mfa.accountId': accountId, 'mfa.pending.startedAt': pending.startedAt },
      {
        $set: {
          'mfa.totp': { secret: pending.secret, enrolledAt: now },
          'mfa.recoveryCodes': recoveryCodeHashes,
          'mfa.lastStep': step,
        },
        $unset: { 'mfa.pending': '' },
      },
    );
    return result.modifiedCount === 1;
  }

  /**
   * True when `step` is newer than every step accepted before (and is now the last).
   * `enrolledAt` names the authenticator, so a re-enrolled one starts with no claimed steps.
   */
  async acceptStep(
    key: string,
    accountId: string,
    enrolledAt: Date,
    step: number,
  ): Promise<boolean> {
    const result = await this.documents.updateOne(
      {
        _id: key,
        'mfa.accountId': accountId,
        $or: [{ 'mfa.lastStep': { $lt: step } }, { 'mfa.lastStep': { $exists: false } }],
      },
      { $set: { 'mfa.lastStep': step } },
    );
    return (
      result.modifiedCount === 1 &&
      (await this.uses.claim(accountId, `totp:${enrolledAt.getTime()}:${step}`))
    );
  }

  /** True when the code's hash was there (and is now gone). */
  async useRecoveryCode(key: string, accountId: string, hash: string): Promise<boolean> {
    const result = await this.documents.updateOne(
      { _id: key, 'mfa.accountId': accountId, 'mfa.recoveryCodes': hash },
      { $pull: { 'mfa.recoveryCodes': hash } },
    );
    return result.modifiedCount === 1 && (await this.uses.claim(accountId, `recovery:${hash}`));
  }

  /**
   * Replaces every recovery code of this authenticator (named by `enrolledAt`) with new ones in
   * one statement: a code of the old set is gone the moment the new set is there.
   */
  async replaceRecoveryCodes(
    key: string,
    mfa: Pick<MfaDocument, 'accountId'> & { totp: NonNullable<MfaDocument['totp']> },
    recoveryCodeHashes: string[],
  ): Promise<boolean> {
    const result = await this.documents.updateOne(
      { _id: key, 'mfa.accountId': mfa.accountId, 'mfa.totp.enrolledAt': mfa.totp.enrolledAt },
      { $set: { 'mfa.recoveryCodes': recoveryCodeHashes } },
    );
    return result.matchedCount === 1;
  }

  async clear(key: string): Promise<void> {
    await this.documents.updateOne({ _id: key }, { $unset: { mfa: '' } });
  }
}
