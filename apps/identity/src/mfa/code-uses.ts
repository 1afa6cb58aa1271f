import type { mongo } from 'mongoose';

import { ExpiredDocumentsSweep } from '../shared/expired-documents-sweep';

interface CodeUseDocument {
  /** `<accountId>:totp:<step>` or `<accountId>:recovery:<hash>`. */
  _id: string;
  expiresAt: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * Long past the ±1 step window: by then the sign-in document's own state (the last step, the
 * pulled code) refuses the code, and only a race needed this record.
 */
const REMEMBER_MS = 10 * 60_000;

/**
 * The tie-breaker for two requests that use the same code at the same moment. A conditional
 * update on the sign-in document refuses a code used before; but an engine without atomic
 * conditional updates (FerretDB 1.x reads, then writes) can let both racers' updates succeed.
 * Inserting a document under an `_id` named after the use can succeed only once on every engine,
 * so only the request whose insert succeeds is let in.
 */
export class CodeUses {
  private readonly uses: mongo.Collection<CodeUseDocument>;
  private readonly sweep: ExpiredDocumentsSweep<CodeUseDocument>;

  constructor(
    db: mongo.Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.uses = db.collection<CodeUseDocument>('mfa_code_uses');
    this.sweep = new ExpiredDocumentsSweep(this.uses, now);
  }

  ensureIndexes(): Promise<void> {
    return this.sweep.ensureIndex();
  }

  /** True for the first request to claim this use; false for every later one. */
  async claim(accountId: string, use: string): Promise<boolean> {
    await this.sweep.maybeSweep();
    const expiresAt = new Date(this.now().getTime() + REMEMBER_MS);
    try {
      await this.uses.insertOne({ _id: `${accountId}:${use}`, expiresAt });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
