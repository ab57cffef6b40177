import type { EventStore } from '../event-store';
import type { StreamDecider } from './handle-command';

/** The current state of one aggregate: its stream folded through the decider's `evolve`. */
export async function readState<State, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamName: string,
  decider: Pick<StreamDecider<State, never, Event>, 'evolve' | 'initialState'>,
): Promise<State> {
  const events = await store.readStream(streamName);
  return events.reduce((state, event) => decider.evolve(state, event as unknown as Event), decider.initialState());
}
