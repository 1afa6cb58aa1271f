import type { mongo } from 'mongoose';

import {
  type EventEnvelope,
  isAuthEvent,
  SIGN_IN_HISTORY_KEPT,
  type SignInHistoryEntry,
} from '@coffer/contracts';
import { assertNever, type Projection } from '@coffer/event-sourcing';

interface SignInHistoryDocument {
  /** The account's id: the user's page reads its history with one lookup by `_id`. */
  _id: string;
  orgId: string;
  /** Newest first, at most `SIGN_IN_HISTORY_KEPT`. */
  entries: SignInHistoryEntry[];
  /** Bumped by every write, so two attempts applied at once cannot drop each other. */
  version: number;
}

const MAX_ATTEMPTS = 10;

/**
 * Each account's recent sign-in attempts, learnt from identity's own `identity.auth` topic off
 * the sign-in path (a sign-in still costs the commands the budget test pins). One document per
 * account, read and written by `_id`; an event already in the list changes nothing, so a
 * replay or a redelivery is harmless. Rebuilt from the topic by resetting its consumer group.
 */
export class SignInHistory implements Projection {
  readonly name = 'identity-sign-in-history';
  private readonly history: mongo.Collection<SignInHistoryDocument>;

  constructor(db: mongo.Db) {
    this.history = db.collection<SignInHistoryDocument>('sign_in_history');
  }

  async apply(event: EventEnvelope): Promise<void> {
    const attempt = signInAttemptOf(event);
    if (!attempt) return;
    for (let tries = 0; tries < MAX_ATTEMPTS; tries++) {
      if (await this.add(attempt.accountId, event.orgId, attempt.entry)) return;
    }
    throw new Error(`sign-in history of ${attempt.accountId} kept changing; try again`);
  }

  /** Newest first; another organisation's account reads as having none. */
  async of(orgId: string, accountId: string): Promise<SignInHistoryEntry[]> {
    const document = await this.history.findOne({ _id: accountId });
    return document && document.orgId === orgId ? document.entries : [];
  }

  /** False when another write came first: the caller reads again and retries. */
  private async add(accountId: string, orgId: string, entry: SignInHistoryEntry) {
    const document = await this.history.findOne({ _id: accountId });
    if (document?.entries.some((known) => known.id === entry.id)) return true;
    const entries = [...(document?.entries ?? []), entry]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, SIGN_IN_HISTORY_KEPT);
    if (!document) {
      try {
        await this.history.insertOne({ _id: accountId, orgId, entries, version: 1 });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const result = await this.history.updateOne(
      { _id: accountId, version: document.version },
      { $set: { entries, version: document.version + 1 } },
    );
    return result.matchedCount === 1;
  }
}

/** The account and entry a sign-in event stands for; nothing for events that are not attempts on a known account. */
export function signInAttemptOf(
  envelope: EventEnvelope,
): { accountId: string; entry: SignInHistoryEntry } | undefined {
  if (!isAuthEvent(envelope)) return undefined;
  const event = envelope;
  const where = {
    ...(event.payload.via ? { via: event.payload.via } : {}),
    ...(event.actor.ip ? { ip: event.actor.ip } : {}),
    ...(event.actor.userAgent ? { userAgent: event.actor.userAgent.slice(0, 500) } : {}),
  };
  switch (event.type) {
    case 'identity.sign-in.succeeded':
      return {
        accountId: event.payload.accountId,
        entry: {
          id: event.id,
          at: event.occurredAt,
          surface: event.payload.surface,
          outcome: 'succeeded',
          method: event.payload.method,
          ...where,
        },
      };
    case 'identity.sign-in.failed':
      if (!event.payload.accountId) return undefined;
      return {
        accountId: event.payload.accountId,
        entry: {
          id: event.id,
          at: event.occurredAt,
          surface: event.payload.surface,
          outcome: 'failed',
          ...(event.payload.reason === 'saml-invalid' ? { method: 'saml' as const } : {}),
          reason: event.payload.reason,
          ...where,
        },
      };
    // Break-glass notes and lockouts are told by the audit trail; the attempt itself is above.
    case 'identity.mfa.recovery-code-used':
    case 'identity.sign-in.fail-safe-used':
    case 'identity.account.locked':
      return undefined;
    default:
      return assertNever(event);
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | undefined)?.code === 11000;
}
