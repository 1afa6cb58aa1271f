import { mongo } from 'mongoose';

interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/**
 * A time-limited claim stored in the database: whoever holds it does the work; a holder
 * that dies stops renewing and another replica takes over once it expires.
 */
export class Lease {
  private readonly leases: mongo.Collection<LeaseDocument>;

  constructor(
    db: mongo.Db,
    private readonly name: string,
    readonly owner: string,
    private readonly durationMs: number,
  ) {
    this.leases = db.collection<LeaseDocument>('leases');
  }

  /** Takes or renews the lease; false when another live owner holds it. */
  async acquire(): Promise<boolean> {
    const now = new Date();
    try {
      const result = await this.leases.findOneAndUpdate(
        { _id: this.name, $or: [{ owner: this.owner }, { expiresAt: { $lt: now } }] },
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + this.durationMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      return result?.owner === this.owner;
    } catch (error) {
      // The upsert collides with a lease that someone else holds and that has not expired.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async release(): Promise<void> {
    await this.leases.deleteOne({ _id: this.name, owner: this.owner });
  }
}
