import { createPool, migrate, startEmbeddedPostgres, type EmbeddedPostgres } from '@referral-ledger/postgres';
import { eventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { EVENT_STORE_MIGRATIONS } from './schema';

/** The embedded mode's database: PGlite served over the wire protocol, driven by the same adapter. */
describe('PostgresEventStore on embedded PGlite', () => {
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
  });
  afterAll(() => embedded.stop());

  eventStoreContract(
    async () => {
      const pool = createPool(embedded.url, { max: 1 });
      await migrate(pool, [EVENT_STORE_MIGRATIONS]);
      const store = await PostgresEventStore.create(pool, { pollIntervalMs: 50 });
      return { store, teardown: () => store.close().then(() => pool.end()) };
    },
    { uniqueEventIdsAcrossStreams: true, atomicAppends: true },
  );
});
