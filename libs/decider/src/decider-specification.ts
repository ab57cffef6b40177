import { stateFrom, type Decider } from './decider';

/**
 * given(past events).when(command).then(new events) — or .thenThrows(error): each business rule reads
 * as one short test, with no I/O.
 */
export function DeciderSpecification<State, C, E>(decider: Decider<State, C, E>) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C) {
          const decide = () => decider.decide(command, stateFrom(decider, events));
          return {
            then(expected: readonly E[]) {
              expect(decide()).toEqual(expected);
            },
            thenNothingHappens() {
              expect(decide()).toEqual([]);
            },
            thenThrows(error: new (...args: never[]) => Error, message?: string | RegExp) {
              expect(decide).toThrow(error);
              if (message) expect(decide).toThrow(message);
            },
          };
        },
      };
    },
  };
}
