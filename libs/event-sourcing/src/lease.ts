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

  /** Until when this owner surely holds the lease, as of its last successful renewal. */
  private heldUntil = 0;

  /**
   * Takes or renews the lease; false when another live owner holds it. A held lease is renewed
   * only once half its lifetime has passed, so a relay polling every second does not write the
   * lease document every second.
   */
  async acquire(): Promise<boolean> {
    const now = new Date();
    if (this.heldUntil - now.getTime() > this.durationMs / 2) return true;
    try {
      const result = await this.leases.findOneAndUpdate(
        { _id: this.name, $or: [{ owner: this.owner }, { expiresAt: { $lt: now } }] },
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + this.durationMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      const held = result?.owner === this.owner;
      this.heldUntil = held ? now.getTime() + this.durationMs : 0;
      return held;
    } catch (error) {
      this.heldUntil = 0;
      // The upsert collides with a lease that someone else holds and that has not expired.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.leases.deleteOne({ _id: this.name, owner: this.owner });
  }
}
