import type { mongo } from 'mongoose';

import { ExpiredDocumentsSweep } from '../shared/expired-documents-sweep';

interface AcceptedAssertionDocument {
  /** `<orgId>:<assertion ID>`: IdPs choose IDs, so they are unique only per IdP. */
  _id: string;
  expiresAt: Date;
}

const DUPLICATE_KEY = 11000;

/** Longer than any clock skew the gateway accepts, so an assertion is never forgotten while still acceptable. */
const REMEMBER_BEYOND_EXPIRY_MS = 15 * 60_000;

/**
 * Each SAML assertion signs someone in once. Remembered in the database until the assertion
 * itself expires, so a response replayed to another gateway replica fails there too.
 */
export class AcceptedAssertions {
  private readonly assertions: mongo.Collection<AcceptedAssertionDocument>;
  private readonly sweep: ExpiredDocumentsSweep<AcceptedAssertionDocument>;

  constructor(
    db: mongo.Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.assertions = db.collection<AcceptedAssertionDocument>('saml_assertions');
    this.sweep = new ExpiredDocumentsSweep(this.assertions, now);
  }

  ensureIndexes(): Promise<void> {
    return this.sweep.ensureIndex();
  }

  /** True the first time an assertion is seen; false when it was accepted before. */
  async acceptOnce(orgId: string, assertionId: string, expiresAt: Date): Promise<boolean> {
    const now = this.now();
    await this.sweep.maybeSweep();
    const rememberUntil = new Date(
      Math.max(expiresAt.getTime(), now.getTime()) + REMEMBER_BEYOND_EXPIRY_MS,
    );
    try {
      await this.assertions.insertOne({ _id: `${orgId}:${assertionId}`, expiresAt: rememberUntil });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
