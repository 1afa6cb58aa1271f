import type { mongo } from 'mongoose';

interface PendingDocument {
  /** `organization:<orgId>` */
  _id: string;
  orgId: string;
  since: Date;
}

/**
 * Organisations whose new SSO rule is still on its way to their accounts' sign-in documents.
 * A service that stops half-way finishes the push when it starts again; without this, an
 * enforcement the console shows as on could stay off for sign-in. Rare and small: read whole
 * at start-up only.
 */
export class PendingFanOuts {
  private readonly pending: mongo.Collection<PendingDocument>;

  constructor(db: mongo.Db) {
    this.pending = db.collection<PendingDocument>('sign_in_fan_outs');
  }

  async mark(orgId: string): Promise<void> {
    await this.pending.updateOne(
      { _id: `organization:${orgId}` },
      { $set: { orgId, since: new Date() } },
      { upsert: true },
    );
  }

  async clear(orgId: string): Promise<void> {
    await this.pending.deleteOne({ _id: `organization:${orgId}` });
  }

  async organizations(): Promise<string[]> {
    return (await this.pending.find({}).toArray()).map((document) => document.orgId);
  }
}
