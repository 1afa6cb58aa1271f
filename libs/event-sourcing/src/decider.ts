import type { EventEnvelope, NewEvent } from '@coffer/contracts';

/** An event of `Type` as a decider returns it, typed from a map of event payloads. */
export type EventOf<Payloads, Type extends keyof Payloads & string> = {
  type: Type;
  schemaVersion: number;
  payload: Payloads[Type];
};

/**
 * The decider shape: `decide` checks a command against the current state and returns the
 * events it causes (or throws a domain error); `evolve` folds one event into the state.
 * Nothing else changes an aggregate.
 */
export interface Decider<Command, State, Event extends NewEvent> {
  aggregateType: string;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

export function fold<State, Event extends NewEvent>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: readonly EventEnvelope[],
): State {
  return events.reduce(
    (state, event) => decider.evolve(state, event as unknown as Event),
    decider.initialState(),
  );
}
