import { describeWith, serverAddress } from '@referral-ledger/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

describeWith(['eventstoredb'], 'EventStoreDbEventStore', () => {
  eventStoreContract(
    async () => {
      const store = EventStoreDbEventStore.connect(serverAddress('eventstoredb') as string);
      return { store, teardown: () => store.close() };
    },
    { uniqueEventIdsAcrossStreams: false, atomicAppends: false },
  );
});
