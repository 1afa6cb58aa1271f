import type { mongo } from 'mongoose';

interface CredentialDocument {
  _id: string;
  kind: 'fail-safe-password';
  hash: string;
  updatedAt: Date;
}

/**
 * Password hashes live here and only here: never in an event, so the event streams can be
 * published, replayed and audited without carrying a secret.
 */
export class CredentialStore {
  private readonly credentials: mongo.Collection<CredentialDocument>;

  constructor(db: mongo.Db) {
    this.credentials = db.collection<CredentialDocument>('credentials');
  }

  async setPassword(accountId: string, hash: string): Promise<void> {
    await this.credentials.updateOne(
      { _id: accountId },
      { $set: { kind: 'fail-safe-password', hash, updatedAt: new Date() } },
      { upsert: true },
    );
  }

  async passwordHash(accountId: string): Promise<string | undefined> {
    return (await this.credentials.findOne({ _id: accountId }))?.hash;
  }
}
