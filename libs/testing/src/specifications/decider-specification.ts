/** The decider shape of `@coffer/event-sourcing`, restated: that library's tests import this one. */
interface SpecifiedDecider<Command, State, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

/** What a decider is expected to do with one command on the state some events left. */
export interface DeciderExpectation<Event> {
  /** The command causes exactly these events, in this order (none: it changes nothing). */
  then(...expected: Event[]): void;
  /** The command is refused with this error code (and, if given, a message matching this). */
  thenThrows(code: string, message?: string | RegExp): void;
}

/**
 * Given/When/Then for a decider, with no infrastructure:
 * `given(created).when({ type: 'Rename', name: 'B' }).then(renamed)`. The state is folded from the
 * given events with the decider's own `evolve`, so the specification exercises both halves.
 */
export function deciderSpecification<Command, State, Event>(
  decider: SpecifiedDecider<Command, State, Event>,
) {
  return {
    given: (...history: Event[]) => ({
      when: (command: Command): DeciderExpectation<Event> => {
        const state = history.reduce(decider.evolve, decider.initialState());
        return {
          then: (...expected) => expect(decider.decide(command, state)).toEqual(expected),
          thenThrows: (code, message) => {
            let refusal: unknown;
            try {
              decider.decide(command, state);
            } catch (error) {
              refusal = error;
            }
            expect(refusal).toBeInstanceOf(Error);
            expect(refusal).toMatchObject({ code });
            if (message !== undefined) expect((refusal as Error).message).toMatch(message);
          },
        };
      },
    }),
  };
}
