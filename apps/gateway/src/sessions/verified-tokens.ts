import { createHash } from 'node:crypto';

import type { MessageDefinition } from '@coffer/contracts';

/**
 * How long a proven email + API token is taken at its word without asking the services again.
 * A token revoked, or its owner disabled or given another role, through another gateway replica
 * or the operator's command line keeps working on this replica at most this long; through this
 * replica it stops at once (below).
 */
export const VERIFIED_TOKEN_TTL_MS = 1_000;
const MAX_REMEMBERED = 10_000;

/**
 * Messages after which nothing remembered may stand: a token revoked, an administrator disabled
 * or given another role. Failures are never remembered, so a change that makes a token valid
 * (a new one, an administrator enabled) needs nothing.
 */
const INVALIDATING_PATTERNS: ReadonlySet<string> = new Set([
  'tokens.revoke',
  'identity.administrator.disable',
  'identity.administrator.change-role',
]);

/**
 * API tokens this gateway proved in the last second, by a hash of email and secret (the secret
 * itself is never kept): a script sending requests back to back costs the tokens and identity
 * services one round trip a second instead of two per request.
 */
export class VerifiedTokens<Principal> {
  private readonly remembered = new Map<string, { principal: Principal; until: number }>();
  /** Grows at every invalidation: a proof begun before one is not remembered after it. */
  private generation = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(email: string, secret: string): Principal | undefined {
    const key = keyOf(email, secret);
    const found = this.remembered.get(key);
    if (!found) return undefined;
    if (found.until > this.now()) return found.principal;
    this.remembered.delete(key);
    return undefined;
  }

  /** What `remember` needs to know that nothing was invalidated while the proof was under way. */
  begin(): number {
    return this.generation;
  }

  remember(email: string, secret: string, principal: Principal, begun: number): void {
    if (begun !== this.generation) return;
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(keyOf(email, secret), {
      principal,
      until: this.now() + VERIFIED_TOKEN_TTL_MS,
    });
  }

  /** Called for every message this gateway sent, answered or not (a timeout may still have revoked). */
  readonly sent = (definition: MessageDefinition): void => {
    if (!INVALIDATING_PATTERNS.has(definition.pattern)) return;
    this.generation += 1;
    this.remembered.clear();
  };
}

function keyOf(email: string, secret: string): string {
  return createHash('sha256').update(email).update('\n').update(secret).digest('base64url');
}
