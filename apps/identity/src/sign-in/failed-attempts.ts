import type { mongo } from 'mongoose';

import { lockDurationMs } from './lockout-policy';
import { SIGN_IN_COLLECTION } from './sign-in-directory';

interface AttemptDocument {
  _id: string;
  failures?: number;
  lockedUntil?: Date | null;
  updatedAt?: Date;
}

export interface LockoutPolicy {
  threshold: number;
  ipThreshold: number;
  baseMs: number;
  maxMs: number;
}

/**
 * Consecutive failed sign-ins per key: one key per email typed and surface (whether or not an
 * account has it, so a lock reveals nothing) and one per client address. The email's counter
 * lives on the sign-in document (the read that finds the account finds it too); counters are
 * written only when an attempt fails, and cleared only when there is something to clear.
 */
export class FailedAttempts {
  private readonly attempts: mongo.Collection<AttemptDocument>;

  constructor(
    db: mongo.Db,
    private readonly policy: LockoutPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.attempts = db.collection<AttemptDocument>(SIGN_IN_COLLECTION);
  }

  async read(key: string): Promise<AttemptDocument | undefined> {
    return (await this.attempts.findOne({ _id: key })) ?? undefined;
  }

  /** The latest time any of these documents stays locked until, if one is locked now. */
  lockOf(documents: (Pick<AttemptDocument, 'lockedUntil'> | undefined)[]): Date | undefined {
    const now = this.now();
    let latest: Date | undefined;
    for (const document of documents) {
      const until = document?.lockedUntil;
      if (until && until > now && (!latest || until > latest)) latest = until;
    }
    return latest;
  }

  /** The latest time any of the keys stays locked until, if one is locked now. */
  async lockedUntil(keys: string[]): Promise<Date | undefined> {
    return this.lockOf(await Promise.all(keys.map((key) => this.read(key))));
  }

  /** Counts a failure on each key; returns the lock it caused on the account key, if any. */
  async recordFailure(
    accountKey: string,
    ipKey: string | undefined,
  ): Promise<{ failures: number; lockedUntil?: Date }> {
    const [account] = await Promise.all([
      this.increment(accountKey, this.policy.threshold),
      ipKey ? this.increment(ipKey, this.policy.ipThreshold) : undefined,
    ]);
    return account;
  }

  /** A failure that names no account (an unknown passkey): the client address's counter only. */
  async recordAddressFailure(ipKey: string): Promise<void> {
    await this.increment(ipKey, this.policy.ipThreshold);
  }

  /** After a success; `document` is the one the sign-in read, so a clean counter costs nothing. */
  async reset(accountKey: string, document?: AttemptDocument): Promise<void> {
    if (document && !document.failures && !document.lockedUntil) return;
    await this.attempts.updateOne(
      { _id: accountKey },
      { $unset: { failures: '', lockedUntil: '' } },
    );
  }

  private async increment(
    key: string,
    threshold: number,
  ): Promise<{ failures: number; lockedUntil?: Date }> {
    const now = this.now();
    const document = await this.attempts.findOneAndUpdate(
      { _id: key },
      { $inc: { failures: 1 }, $set: { updatedAt: now } },
      // No projection: FerretDB 1.24 refuses findAndModify with `fields`.
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
