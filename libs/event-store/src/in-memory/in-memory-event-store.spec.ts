import { eventStoreContract } from '../contract/event-store.contract';
import { InMemoryEventStore } from './in-memory-event-store';

describe('InMemoryEventStore', () => {
  eventStoreContract(
    async () => {
      const store = new InMemoryEventStore();
      return { store, teardown: () => store.close() };
    },
    { uniqueEventIdsAcrossStreams: true, atomicAppends: true },
  );
});
