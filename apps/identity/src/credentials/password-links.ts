import { createHash, randomBytes } from 'node:crypto';

import type { mongo } from 'mongoose';

export type PasswordLinkPurpose = 'user-setup' | 'administrator-reset';

interface PasswordLinkDocument {
  /** SHA-256 of the token: the database never holds a usable link. */
  _id: string;
  accountId: string;
  purpose: PasswordLinkPurpose;
  createdAt: Date;
  expiresAt: Date;
}

interface CurrentLinkDocument {
  /** `current:<purpose>:<accountId>`: which link of an account is the one that still works. */
  _id: string;
  linkId: string;
}

/**
 * Single-use links to choose a password. A newer link for the same account replaces the older
 * one (the account's pointer moves to it); using a link deletes it, so a second use fails.
 * Every read and write is by `_id`.
 */
export class PasswordLinks {
  private readonly links: mongo.Collection<PasswordLinkDocument>;
  private readonly current: mongo.Collection<CurrentLinkDocument>;

  constructor(
    db: mongo.Db,
    private readonly lifetimeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.links = db.collection<PasswordLinkDocument>('password_links');
    this.current = db.collection<CurrentLinkDocument>('password_links');
  }

  async issue(accountId: string, purpose: PasswordLinkPurpose): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const linkId = hash(token);
    await this.links.insertOne({
      _id: linkId,
      accountId,
      purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
    });
    await this.current.updateOne(
      { _id: currentKey(purpose, accountId) },
      { $set: { linkId } },
      { upsert: true },
    );
    return token;
  }

  /** The account a live link belongs to, consuming the link; undefined if unknown, used, replaced or expired. */
  async redeem(token: string, purpose: PasswordLinkPurpose): Promise<string | undefined> {
    const linkId = hash(token);
    const link = await this.links.findOneAndDelete({ _id: linkId });
    if (!link || link.purpose !== purpose || link.expiresAt <= this.now()) return undefined;
    const current = await this.current.findOne({ _id: currentKey(purpose, link.accountId) });
    return current?.linkId === linkId ? link.accountId : undefined;
  }
}

function currentKey(purpose: PasswordLinkPurpose, accountId: string): string {
  return `current:${purpose}:${accountId}`;
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
