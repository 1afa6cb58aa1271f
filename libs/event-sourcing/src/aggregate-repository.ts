import type { CommandContext, EventEnvelope, NewEvent } from '@coffer/contracts';

import type { Decider } from './decider';
import type { EventStore } from './event-store';
import { fold } from './decider';

export interface Loaded<State> {
  state: State;
  version: number;
}

/** Loads an aggregate from its events, runs a command through its decider, appends the result. */
export class AggregateRepository<Command, State, Event extends NewEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, State, Event>,
  ) {}

  async load(aggregateId: string): Promise<Loaded<State>> {
    const events = await this.store.readStream(aggregateId);
    return { state: fold(this.decider, events), version: events.length };
  }

  /**
   * Decides and appends once. A concurrent writer makes the append throw ConcurrencyError;
   * the caller decides whether the command may simply be retried.
   */
  async handle(
    aggregateId: string,
    orgId: string,
    command: Command,
    context: CommandContext,
  ): Promise<{ state: State; events: EventEnvelope[] }> {
    const { state, version } = await this.load(aggregateId);
    const decided = this.decider.decide(command, state);
    const events = await this.store.append({
      aggregate: { type: this.decider.aggregateType, id: aggregateId },
      orgId,
      expectedVersion: version,
      events: decided,
      context,
    });
    return { state: decided.reduce(this.decider.evolve, state), events };
  }
}
