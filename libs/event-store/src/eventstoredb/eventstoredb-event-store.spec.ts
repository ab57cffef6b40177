import { describeWith, eventually, numberedEvents, serverAddress } from '@referral-ledger/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbDouble } from './eventstoredb-double';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const capabilities = { uniqueEventIdsAcrossStreams: false, atomicAppends: false };

describeWith(['eventstoredb'], 'EventStoreDbEventStore', () => {
  eventStoreContract(async () => {
    const store = EventStoreDbEventStore.connect(serverAddress('eventstoredb') as string);
    return { store, teardown: () => store.close() };
  }, capabilities);
});

// Where no server runs (no Docker), the adapter still meets the contract against a double that behaves as the server does.
describe('EventStoreDbEventStore against a server double', () => {
  eventStoreContract(async () => {
    const store = new EventStoreDbEventStore(new EventStoreDbDouble().asClient());
    return { store, teardown: () => store.close() };
  }, capabilities);

  it('finds the newest event of ours behind more than a page of system events', async () => {
    const server = new EventStoreDbDouble();
    const store = new EventStoreDbEventStore(server.asClient());
    await store.appendToStream('thing-1', numberedEvents('thing.happened', 2), { expectedVersion: 'no_stream' });
    const [, newest] = await store.readStream('thing-1');
    server.appendSystemEvents(2_500);
    expect(await store.headPosition()).toEqual(newest.position);
    await store.close();
  });

  it('re-creates the live feed after it fails, so subscribers keep being woken', async () => {
    const server = new EventStoreDbDouble();
    const feedErrors: unknown[] = [];
    const store = new EventStoreDbEventStore(server.asClient(), { onFeedError: (error) => feedErrors.push(error) });
    const seen: string[] = [];
    const subscription = store.subscribeToAll({ fromPosition: 'start' }, async (events) => void seen.push(...events.map((e) => e.id)));
    expect(server.subscriptionsOpened).toBe(1);
    server.failSubscriptions(new Error('server restarted'));
    await eventually(() => server.subscriptionsOpened === 2);
    expect(feedErrors).toEqual([new Error('server restarted')]);
    const events = numberedEvents('thing.happened', 1);
    await store.appendToStream('thing-2', events, { expectedVersion: 'no_stream' });
    await eventually(() => seen.length > 0);
    expect(seen).toEqual([events[0].id]);
    await subscription.stop();
    await store.close();
  });
});
