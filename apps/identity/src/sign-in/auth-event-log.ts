import { randomUUID } from 'node:crypto';

import type { NewAuthEvent } from '@coffer/contracts';
import { assertNever, type EventStore } from '@coffer/event-sourcing';

/** Told of every attempt once it is stored, e.g. to count refusals for the metrics. */
export type AuthEventObserver = (event: NewAuthEvent) => void;

/** The account an attempt was for, when the email belonged to one. */
function accountIdOf(event: NewAuthEvent): string | undefined {
  switch (event.type) {
    case 'identity.sign-in.succeeded':
    case 'identity.sign-in.failed':
    case 'identity.mfa.recovery-code-used':
    case 'identity.sign-in.fail-safe-used':
      return event.payload.accountId;
    case 'identity.account.locked':
      return undefined;
    default:
      return assertNever(event);
  }
}

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

  async record(
    event: NewAuthEvent,
    orgId: string | undefined,
    client: { ip?: string; userAgent?: string },
    correlationId: string,
  ): Promise<void> {
    const accountId = accountIdOf(event);
    await this.store.append({
      aggregate: { type: 'sign-in-attempt', id: randomUUID() },
      // Attempts for unknown emails belong to no organisation.
      orgId: orgId ?? 'none',
      expectedVersion: 0,
      events: [{ ...event, schemaVersion: 1 }],
      context: {
        actor: {
          type: event.payload.surface === 'console' ? 'administrator' : 'user',
          ...(accountId ? { id: accountId } : {}),
          email: event.payload.email,
          ...client,
        },
        correlationId,
      },
    });
    this.nudge();
    this.observe(event);
  }
}
