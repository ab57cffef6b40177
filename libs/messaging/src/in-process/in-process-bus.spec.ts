import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, type Position } from '@referral-ledger/event-store';
import { eventually, numberedEvents } from '@referral-ledger/testing';
import { DeadLetterHeaders, TopicDeadLetterSink } from '../dead-letters/dead-letter-sink';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { IncomingMessage } from '../message';
import { MessageProcessor } from '../processing/message-processor';
import { EventRelay } from '../relay/event-relay';
import type { RelayCheckpointStore } from '../relay/relay-checkpoints';
import { InProcessBus } from './in-process-bus';

/** Keeps the relay's checkpoint in memory: the embedded bus has nothing to resume after a restart. */
class MemoryCheckpoints implements RelayCheckpointStore {
  position: Position | 'start' = 'start';
  async load(): Promise<Position | 'start'> {
    return this.position;
  }
  async save(_relay: string, position: Position) {
    this.position = position;
  }
}

describe('InProcessBus (embedded mode)', () => {
  it('carries relayed events to every subscriber group in order, and dead-letters what a handler keeps refusing', async () => {
    const store = new InMemoryEventStore();
    const bus = new InProcessBus();
    const seenByA: EventEnvelope[] = [];
    const seenByB: string[] = [];
    const deadLetters: IncomingMessage[] = [];
    const processor = (consumer: string, onEvent: (event: EventEnvelope) => void) =>
      new MessageProcessor({
        consumer,
        handlers: new Map([['thing.happened', async (event: EventEnvelope) => onEvent(event)]]),
        deadLetters: new TopicDeadLetterSink(bus),
        retry: { attempts: 2, initialDelayMs: 1 },
      });
    bus.subscribe('a', ['things'], processor('a', (event) => seenByA.push(event)));
    bus.subscribe('b', ['things'], processor('b', (event) => {
      if ((event.data as { n: number }).n === 1) throw new Error('b cannot take n=1');
      seenByB.push(event.id);
    }));
    bus.subscribe('dlq-reader', ['things.dlq'], { process: async (message) => deadLetters.push(message) });

    const relay = await EventRelay.start({
      name: 'embedded',
      store,
      publisher: bus,
      checkpoints: new MemoryCheckpoints(),
      route: (event) => ({ topic: 'things', key: event.streamName, source: '/embedded' }),
    });
    const events = numberedEvents('thing.happened', 3);
    await store.appendToStream(`thing-${randomUUID()}`, events, { expectedVersion: 'no_stream' });
    await eventually(() => seenByA.length === 3 && deadLetters.length === 1);
    await bus.drain();
    await relay.stop();

    expect(seenByA.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(seenByB).toEqual([events[0].id, events[2].id]);
    expect(deadLetters[0].headers[DeadLetterHeaders.error]).toBe('Error: b cannot take n=1');
  });
});
