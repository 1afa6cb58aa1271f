import type { mongo } from 'mongoose';

/** How often, at most, a collection of short-lived documents is cleared of expired ones. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Deletes a collection's expired documents (`expiresAt` passed) at most once a minute per
 * process. FerretDB has no TTL index and scans the whole collection for such a filter, so doing
 * it on every write made each SAML sign-in pay for every earlier one. Readers check `expiresAt`
 * themselves; this only bounds the collection's size.
 */
export class ExpiredDocumentsSweep<Document extends { expiresAt: Date }> {
  private lastSweep = 0;

  constructor(
    private readonly collection: mongo.Collection<Document>,
    private readonly now: () => Date,
  ) {}

  /** Serves the sweep on MongoDB (the embedded engines scan, once a minute at most). */
  async ensureIndex(): Promise<void> {
    await this.collection.createIndex({ expiresAt: 1 });
  }

  async maybeSweep(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    await this.collection.deleteMany({ expiresAt: { $lte: now } } as mongo.Filter<Document>);
  }
}
