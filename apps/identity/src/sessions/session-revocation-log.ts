import { randomUUID } from 'node:crypto';

import type { CommandContext, SessionEventPayloads } from '@coffer/contracts';
import type { EventStore } from '@coffer/event-sourcing';

/**
 * Records ended sessions for the `identity.auth` topic (and so the audit trail), through the
 * sign-in attempts' outbox: each revocation is a one-event stream, its actor whoever ended them.
 */
export class SessionRevocationLog {
  constructor(
    private readonly store: EventStore,
    private readonly nudge: () => void,
  ) {}

  async record(
    orgId: string,
    payload: SessionEventPayloads['identity.sessions.revoked'],
    context: CommandContext,
  ): Promise<void> {
    await this.store.append({
      aggregate: { type: 'session-revocation', id: randomUUID() },
      orgId,
      expectedVersion: 0,
      events: [{ type: 'identity.sessions.revoked', schemaVersion: 1, payload }],
      context,
    });
    this.nudge();
  }
}
