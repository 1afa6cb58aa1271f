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

/**
 * Single-use links to choose a password. A newer link for the same account replaces the older
 * one; using a link deletes it, so a second use fails.
 */
export class PasswordLinks {
  private readonly links: mongo.Collection<PasswordLinkDocument>;

  constructor(
    db: mongo.Db,
    private readonly lifetimeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.links = db.collection<PasswordLinkDocument>('password_links');
  }

  async issue(accountId: string, purpose: PasswordLinkPurpose): Promise<string> {
    await this.links.deleteMany({ accountId, purpose });
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.links.insertOne({
      _id: hash(token),
      accountId,
      purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
    });
    return token;
  }

  /** The account a live link belongs to, consuming the link; undefined if unknown, used or expired. */
  async redeem(token: string, purpose: PasswordLinkPurpose): Promise<string | undefined> {
    const link = await this.links.findOneAndDelete({ _id: hash(token) });
    if (!link || link.purpose !== purpose || link.expiresAt <= this.now()) return undefined;
    return link.accountId;
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
