import { randomUUID } from 'node:crypto';

import type { AuthEventPayloads, AuthEventType } from '@coffer/contracts';
import type { EventStore } from '@coffer/event-sourcing';

/** Told of every attempt once it is stored, e.g. to count refusals for the metrics. */
export type AuthEventObserver = <Type extends AuthEventType>(
  type: Type,
  payload: AuthEventPayloads[Type],
) => void;

/**
 * Records sign-in attempts for the `identity.auth` topic through an outbox of their own:
 * each attempt is a one-event stream, so no attempt waits on another.
 */
export class AuthEventLog {
  constructor(
    private readonly store: EventStore,
    private readonly nudge: () => void,
    private readonly observe: AuthEventObserver = () => undefined,
  ) {}

  async record<Type extends AuthEventType>(
    type: Type,
    orgId: string | undefined,
    payload: AuthEventPayloads[Type],
    client: { ip?: string; userAgent?: string },
    correlationId: string,
  ): Promise<void> {
    await this.store.append({
      aggregate: { type: 'sign-in-attempt', id: randomUUID() },
      // Attempts for unknown emails belong to no organisation.
      orgId: orgId ?? 'none',
      expectedVersion: 0,
      events: [{ type, schemaVersion: 1, payload }],
      context: {
        actor: {
          type: payload.surface === 'console' ? 'administrator' : 'user',
          ...('accountId' in payload && payload.accountId ? { id: payload.accountId } : {}),
          email: payload.email,
          ...client,
        },
        correlationId,
      },
    });
    this.nudge();
    this.observe(type, payload);
  }
}
