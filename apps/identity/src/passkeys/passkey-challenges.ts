import { randomBytes } from 'node:crypto';

import type { mongo } from 'mongoose';

import { ExpiredDocumentsSweep } from '../shared/expired-documents-sweep';

/** What a challenge was given for: it answers nothing else. */
export type ChallengePurpose = 'register' | 'authenticate';

interface ChallengeDocument {
  /** A random id the browser sends back: the challenge itself never needs to be found by value. */
  _id: string;
  purpose: ChallengePurpose;
  challenge: string;
  /** The account a registration challenge was made for. */
  accountId?: string;
  expiresAt: Date;
}

/** Long enough for a person to touch the authenticator, short enough to be of little use stolen. */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;

/**
 * WebAuthn challenges, found by `_id` and deleted by the one use that takes them, so an
 * assertion or attestation answers exactly one request (a replay finds nothing).
 */
export class PasskeyChallenges {
  private readonly challenges: mongo.Collection<ChallengeDocument>;
  private readonly sweep: ExpiredDocumentsSweep<ChallengeDocument>;

  constructor(
    db: mongo.Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.challenges = db.collection<ChallengeDocument>('webauthn_challenges');
    this.sweep = new ExpiredDocumentsSweep(this.challenges, now);
  }

  ensureIndexes(): Promise<void> {
    return this.sweep.ensureIndex();
  }

  /** A new random challenge (32 bytes, base64url) and the id to take it back by. */
  async issue(purpose: ChallengePurpose, accountId?: string) {
    await this.sweep.maybeSweep();
    const challengeId = randomBytes(18).toString('base64url');
    const challenge = randomBytes(32).toString('base64url');
    await this.challenges.insertOne({
      _id: challengeId,
      purpose,
      challenge,
      ...(accountId ? { accountId } : {}),
      expiresAt: new Date(this.now().getTime() + CHALLENGE_LIFETIME_MS),
    });
    return { challengeId, challenge };
  }

  /**
   * The challenge, used up: undefined when unknown, already taken, expired, made for another
   * purpose or account. Of two requests racing with one id, only the one whose delete removed
   * the document gets it.
   */
  async take(
    challengeId: string,
    purpose: ChallengePurpose,
    accountId?: string,
  ): Promise<string | undefined> {
    const document = await this.challenges.findOne({ _id: challengeId });
    if (!document) return undefined;
    const { deletedCount } = await this.challenges.deleteOne({ _id: challengeId });
    if (deletedCount !== 1) return undefined;
    if (document.purpose !== purpose || document.expiresAt <= this.now()) return undefined;
    if (accountId !== undefined && document.accountId !== accountId) return undefined;
    return document.challenge;
  }
}
