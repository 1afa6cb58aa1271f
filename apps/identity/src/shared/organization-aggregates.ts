import type { CommandContext, EventEnvelope, NewEvent } from '@coffer/contracts';
import { fold, type Decider, type EventStore } from '@coffer/event-sourcing';
import type { ServiceError } from '@coffer/service-kit';

/** What a command left: the state and version the aggregate reached and the events it appended. */
export interface Handled<State> {
  state: State;
  version: number;
  events: EventEnvelope[];
}

/**
 * Loads an aggregate, runs a command through its decider and appends the result, like
 * `AggregateRepository`, and refuses an aggregate of another organisation from the stream it
 * loaded anyway: a separate read of the read model just to say "not found" cost a round trip on
 * every console command.
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
   * With `notFound`, the aggregate must already exist in `orgId`; another organisation's reads
   * exactly as a missing one.
   */
  async handle(
    aggregateId: string,
    orgId: string,
    command: Command,
    context: CommandContext,
    notFound?: () => ServiceError,
  ): Promise<Handled<State>> {
    const loaded = await this.load(aggregateId);
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
