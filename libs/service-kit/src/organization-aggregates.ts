import type { CommandContext, EventEnvelope, NewEvent } from '@coffer/contracts';
import { fold, type Decider, type EventStore } from '@coffer/event-sourcing';

import type { ServiceError } from './service-error';

/** What a command left: the state and version the aggregate reached and the events it appended. */
export interface Handled<State> {
  state: State;
  version: number;
  events: EventEnvelope[];
}

/** How a command finds its aggregate. */
export interface HandleOptions {
  /** The aggregate must already exist in the command's organisation; otherwise this error. */
  notFound?: () => ServiceError;
  /**
   * The id was made for this command (random, or derived from a fresh secret): there is no
   * stream to read, and a collision still fails the append (ConcurrencyError).
   */
  fresh?: boolean;
}

/**
 * Loads an aggregate, runs a command through its decider and appends the result, like
 * `AggregateRepository` (whose API it keeps), and refuses an aggregate of another organisation
 * from the stream it loaded anyway: a separate read of a read model just to say "not found" cost
 * a round trip on every console command. A new aggregate is not read at all.
 */
export class OrganizationAggregates<Command, State, Event extends NewEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, State, Event>,
  ) {}

  async load(aggregateId: string): Promise<{ state: State; version: number; orgId?: string }> {
    const events = await this.store.readStream(aggregateId);
    return {
      state: fold(this.decider, events),
      version: events.length,
      orgId: events[0]?.orgId,
    };
  }

  /**
   * Decides and appends once (a concurrent writer makes the append throw ConcurrencyError).
   * Another organisation's aggregate reads exactly as a missing one.
   */
  async handle(
    aggregateId: string,
    orgId: string,
    command: Command,
    context: CommandContext,
    { notFound, fresh = false }: HandleOptions = {},
  ): Promise<Handled<State>> {
    const loaded = fresh
      ? { state: this.decider.initialState(), version: 0, orgId }
      : await this.load(aggregateId);
    if (notFound && (loaded.version === 0 || loaded.orgId !== orgId)) throw notFound();
    const decided = this.decider.decide(command, loaded.state);
    const events = await this.store.append({
      aggregate: { type: this.decider.aggregateType, id: aggregateId },
      orgId,
      expectedVersion: loaded.version,
      events: decided,
      context,
    });
    return {
      state: decided.reduce(this.decider.evolve, loaded.state),
      version: loaded.version + events.length,
      events,
    };
  }
}
