import type { mongo } from 'mongoose';

import { lockDurationMs } from './lockout-policy';

interface AttemptDocument {
  _id: string;
  failures: number;
  lockedUntil: Date | null;
  updatedAt: Date;
}

export interface LockoutPolicy {
  threshold: number;
  ipThreshold: number;
  baseMs: number;
  maxMs: number;
}

/**
 * Consecutive failed sign-ins per key: one key per email typed (whether or not an account has
 * it, so a lock reveals nothing) and one per client address. Keyed by `_id`, the one lookup
 * every MongoDB-protocol server answers from an index.
 */
export class FailedAttempts {
  private readonly attempts: mongo.Collection<AttemptDocument>;

  constructor(
    db: mongo.Db,
    private readonly policy: LockoutPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.attempts = db.collection<AttemptDocument>('sign_in_failures');
  }

  /** The latest time any of the keys stays locked until, if one is locked now. */
  async lockedUntil(keys: string[]): Promise<Date | undefined> {
    const now = this.now();
    let latest: Date | undefined;
    for (const key of keys) {
      const document = await this.attempts.findOne({ _id: key });
      if (
        document?.lockedUntil &&
        document.lockedUntil > now &&
        (!latest || document.lockedUntil > latest)
      ) {
        latest = document.lockedUntil;
      }
    }
    return latest;
  }

  /** Counts a failure on each key; returns the lock it caused on the account key, if any. */
  async recordFailure(
    accountKey: string,
    ipKey: string | undefined,
  ): Promise<{ failures: number; lockedUntil?: Date }> {
    const account = await this.increment(accountKey, this.policy.threshold);
    if (ipKey) await this.increment(ipKey, this.policy.ipThreshold);
    return account;
  }

  async reset(accountKey: string): Promise<void> {
    await this.attempts.deleteOne({ _id: accountKey });
  }

  private async increment(
    key: string,
    threshold: number,
  ): Promise<{ failures: number; lockedUntil?: Date }> {
    const now = this.now();
    const document = await this.attempts.findOneAndUpdate(
      { _id: key },
      { $inc: { failures: 1 }, $set: { updatedAt: now } },
      { upsert: true, returnDocument: 'after' },
    );
    const failures = document?.failures ?? 1;
    const durationMs = lockDurationMs(failures, { ...this.policy, threshold });
    if (durationMs === 0) return { failures };
    const lockedUntil = new Date(now.getTime() + durationMs);
    await this.attempts.updateOne({ _id: key }, { $set: { lockedUntil } });
    return { failures, lockedUntil };
  }
}
