import type { RecordedEvent } from '../event';
import type { EventStore } from '../event-store';
import type { StreamDecider } from './handle-command';

/** The current state of one aggregate: its stream folded through the decider's `evolve`. */
export async function readState<State, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamName: string,
  decider: Pick<StreamDecider<State, never, Event>, 'evolve' | 'initialState' | 'canHandle'>,
): Promise<State> {
  const events = await store.readStream(streamName);
  return events.filter(decider.canHandle).reduce<State>(decider.evolve, decider.initialState());
}

/** The first event of a stream (the one that created it), if it is of the union `canHandle` knows. */
export async function readFirst<Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamName: string,
  canHandle: <Candidate extends { type: string; data: unknown }>(event: Candidate) => event is Candidate & Event,
): Promise<(RecordedEvent & Event) | undefined> {
  const [first] = await store.readStream(streamName, { maxCount: 1 });
  return first && canHandle(first) ? first : undefined;
}
