import type { mongo } from 'mongoose';

import { ExpiredDocumentsSweep } from './expired-documents-sweep';

interface SingleUseDocument {
  _id: string;
  expiresAt: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * Ids that may be used once until they expire (a SAML assertion, a TOTP step, a recovery code):
 * a use inserts a document under the id, which succeeds for exactly one request on every engine,
 * however many race. Expired ones are swept at most once a minute.
 */
export class SingleUseIds {
  private readonly uses: mongo.Collection<SingleUseDocument>;
  private readonly sweep: ExpiredDocumentsSweep<SingleUseDocument>;

  constructor(db: mongo.Db, collection: string, now: () => Date) {
    this.uses = db.collection<SingleUseDocument>(collection);
    this.sweep = new ExpiredDocumentsSweep(this.uses, now);
  }

  ensureIndexes(): Promise<void> {
    return this.sweep.ensureIndex();
  }

  /** True for the first use of `id`; false for every later one until `rememberUntil`. */
  async useOnce(id: string, rememberUntil: Date): Promise<boolean> {
    await this.sweep.maybeSweep();
    try {
      await this.uses.insertOne({ _id: id, expiresAt: rememberUntil });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
