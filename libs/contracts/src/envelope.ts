export type ActorType = 'administrator' | 'user' | 'system' | 'api-token';

export interface Actor {
  type: ActorType;
  id?: string;
  email?: string;
  ip?: string;
  userAgent?: string;
}

export interface AggregateRef {
  type: string;
  id: string;
  version: number;
}

/**
 * Every domain event on every topic travels in this envelope. `id` is a UUIDv7 and the
 * idempotency key everywhere: consumers that see an id twice must change nothing.
 * Payloads never carry secrets (passwords, token values, reset-link secrets).
 */
export interface EventEnvelope<Type extends string = string, Payload = unknown> {
  id: string;
  type: Type;
  schemaVersion: number;
  orgId: string;
  aggregate: AggregateRef;
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId?: string;
  payload: Payload;
}

/** What a command handler returns: the envelope minus what the event store assigns. */
export interface NewEvent<Type extends string = string, Payload = unknown> {
  type: Type;
  schemaVersion: number;
  payload: Payload;
}

/** Who asked for a command, and which user action it belongs to. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  causationId?: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system' };
