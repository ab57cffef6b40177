import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '../errors';
import type { EventMetadata, NewEvent } from '../event';
import type { EventStore } from '../event-store';
import { deterministicEventId } from './deterministic-id';

/** The decider shape of DESIGN.md §1, restated so the store does not depend on a domain library. */
export interface StreamDecider<State, Command, Event extends { type: string; data: unknown }> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  /** Which stored events `evolve` understands: the stream is checked by type, not cast. */
  canHandle<Candidate extends { type: string; data: unknown }>(event: Candidate): event is Candidate & Event;
}

export interface CommandContext {
  correlationId: string;
  /** The message or request that caused this command; events get ids derived from it, so a retry appends nothing new. */
  causationId: string | null;
  actor: string;
  now: Date;
}

export interface HandledCommand<State, Event> {
  newEvents: Event[];
  state: State;
}

/** Commands on one stream of one store, in this process, one after the other: each holds its stream from read to append. */
const streamTurns = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

/**
 * Load the stream, decide, append with the version read (DESIGN.md §2, step 1). On a concurrent write
 * it re-reads and decides again, a bounded number of times; the append is the commit point.
 * Commands on the same stream in this process take turns, so a hot stream (a program budget drawn by every
 * conversion of a batch) sees no conflicts among its own handlers; other processes are still caught by the version.
 */
export function handleCommand<State, Command, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamName: string,
  decider: StreamDecider<State, Command, Event>,
  command: Command,
  context: CommandContext,
  attempts = 10,
): Promise<HandledCommand<State, Event>> {
  const turns = streamTurns.get(store) ?? new Map<string, Promise<unknown>>();
  streamTurns.set(store, turns);
  // The previous turn never rejects (it is kept settled below), so this one starts when it ends, however it ended.
  const previous = turns.get(streamName) ?? Promise.resolve();
  const turn = previous.then(() => decideAndAppend(store, streamName, decider, command, context, attempts));
  const settled = turn.catch(() => undefined);
  turns.set(streamName, settled);
  void settled.then(() => {
    if (turns.get(streamName) === settled) turns.delete(streamName);
  });
  return turn;
}

async function decideAndAppend<State, Command, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamName: string,
  decider: StreamDecider<State, Command, Event>,
  command: Command,
  context: CommandContext,
  attempts: number,
): Promise<HandledCommand<State, Event>> {
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamName);
    const state = history.filter(decider.canHandle).reduce<State>(decider.evolve, decider.initialState());
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) return { newEvents, state };
    const version = history.length === 0 ? 'no_stream' : history[history.length - 1].streamVersion;
    try {
      await store.appendToStream(
        streamName,
        newEvents.map((event, index) => toNewEvent(event, index, streamName, context)),
        { expectedVersion: version },
      );
      return { newEvents, state: newEvents.reduce(decider.evolve, state) };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= attempts) throw error;
      // Jitter spreads writers that collided, so the next round does not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

function toNewEvent(event: { type: string; data: unknown }, index: number, streamName: string, context: CommandContext): NewEvent {
  const metadata: EventMetadata = {
    correlationId: context.correlationId,
    causationId: context.causationId,
    occurredAt: context.now.toISOString(),
    schemaVersion: 1,
    actor: context.actor,
  };
  const id = context.causationId ? deterministicEventId(streamName, context.causationId, String(index), event.type) : randomUUID();
  return { id, type: event.type, data: event.data, metadata };
}
