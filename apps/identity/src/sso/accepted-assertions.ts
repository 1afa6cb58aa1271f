import type { mongo } from 'mongoose';

import { SingleUseIds } from '../shared/single-use-ids';

/** Longer than any clock skew the gateway accepts, so an assertion is never forgotten while still acceptable. */
const REMEMBER_BEYOND_EXPIRY_MS = 15 * 60_000;

/**
 * Each SAML assertion signs someone in once. Remembered in the database until the assertion
 * itself expires, so a response replayed to another gateway replica fails there too.
 */
export class AcceptedAssertions {
  private readonly assertions: SingleUseIds;

  constructor(
    db: mongo.Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.assertions = new SingleUseIds(db, 'saml_assertions', now);
  }

  ensureIndexes(): Promise<void> {
    return this.assertions.ensureIndexes();
  }

  /**
   * True the first time an assertion is seen; false when it was accepted before. Its id is
   * `<orgId>:<assertion ID>`: IdPs choose IDs, so they are unique only per IdP.
   */
  acceptOnce(orgId: string, assertionId: string, expiresAt: Date): Promise<boolean> {
    const rememberUntil = new Date(
      Math.max(expiresAt.getTime(), this.now().getTime()) + REMEMBER_BEYOND_EXPIRY_MS,
    );
    return this.assertions.useOnce(`${orgId}:${assertionId}`, rememberUntil);
  }
}
