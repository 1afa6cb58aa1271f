import type { mongo } from 'mongoose';

import { SingleUseIds } from '../shared/single-use-ids';

/**
 * Long past the ±1 step window: by then the sign-in document's own state (the last step, the
 * pulled code) refuses the code, and only a race needed this record.
 */
const REMEMBER_MS = 10 * 60_000;

/**
 * The tie-breaker for two requests that use the same code at the same moment. A conditional
 * update on the sign-in document refuses a code used before; but an engine without atomic
 * conditional updates (FerretDB 1.x reads, then writes) can let both racers' updates succeed.
 * Only the request that records the use first (`<accountId>:totp:…` or `<accountId>:recovery:…`)
 * is let in.
 */
export class CodeUses {
  private readonly uses: SingleUseIds;

  constructor(
    db: mongo.Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.uses = new SingleUseIds(db, 'mfa_code_uses', now);
  }

  ensureIndexes(): Promise<void> {
    return this.uses.ensureIndexes();
  }

  /** True for the first request to claim this use; false for every later one. */
  claim(accountId: string, use: string): Promise<boolean> {
    return this.uses.useOnce(`${accountId}:${use}`, new Date(this.now().getTime() + REMEMBER_MS));
  }
}
