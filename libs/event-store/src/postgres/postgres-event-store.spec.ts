import { Client } from 'pg';
import { createTestDatabase, describeWith, eventually, numberedEvents, type TestDatabase } from '@referral-ledger/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import type { RecordedEvent } from '../event';
import { PostgresEventStore } from './postgres-event-store';

describeWith(['postgres'], 'PostgresEventStore', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('event_store');
  });
  afterAll(() => database.drop());

  eventStoreContract(async () => {
    const store = await PostgresEventStore.create(database.url, { pollIntervalMs: 50 });
    return { store, teardown: () => store.close() };
  }, { uniqueEventIdsAcrossStreams: true });

  describe('against Postgres itself', () => {
    let store: PostgresEventStore;
    beforeEach(async () => {
      store = await PostgresEventStore.create(database.url, { pollIntervalMs: 50 });
    });
    afterEach(() => store.close());

    it('does not let a reader skip an event that an older transaction commits late (the bigserial gap)', async () => {
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ fromPosition: 'start' }, async (events) => {
        seen.push(...events.filter((e) => e.streamName.startsWith('gap-')));
      });
      // A slow writer takes the lower position first and commits last.
      const slow = new Client({ connectionString: database.url });
      await slow.connect();
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO event_store.events (stream_name, stream_version, event_id, event_type, data, metadata)
         VALUES ('gap-slow', 0, gen_random_uuid(), 'slow', '{}', '{}')`,
      );
      await store.appendToStream('gap-fast', numberedEvents('fast', 1), { expectedVersion: 'no_stream' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([]);

      await slow.query('COMMIT');
      await slow.end();
      await eventually(() => seen.length === 2);
      await subscription.stop();
      expect(seen.map((e) => e.type)).toEqual(['slow', 'fast']);
    });

    it('orders by transaction id as a number, not as text (9 before 10)', async () => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        for (const [xid, stream] of [['10', 'xid-ten'], ['9', 'xid-nine']]) {
          await client.query(
            `INSERT INTO event_store.events (transaction_id, stream_name, stream_version, event_id, event_type, data, metadata)
             VALUES ($1::text::xid8, $2, 0, gen_random_uuid(), 'old', '{}', '{}')`,
            [xid, stream],
          );
        }
      } finally {
        await client.end();
      }
      const [first, second] = await store.readAll({ maxCount: 2 });
      expect([first.streamName, second.streamName]).toEqual(['xid-nine', 'xid-ten']);
      expect(await store.readAll({ fromPosition: first.position, maxCount: 1 })).toEqual([second]);
    });

    it('keeps stored events across reconnects and applies its migrations only once', async () => {
      await store.appendToStream('durable', numberedEvents('x', 2), { expectedVersion: 'any' });
      const again = await PostgresEventStore.create(database.url);
      expect(await again.readStream('durable')).toHaveLength(2);
      await again.close();
    });

    it('refuses to edit or delete stored events', async () => {
      await store.appendToStream('immutable', numberedEvents('x', 1), { expectedVersion: 'no_stream' });
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        await expect(client.query(`UPDATE event_store.events SET data = '{"n": 99}' WHERE stream_name = 'immutable'`)).rejects.toThrow(/append-only/);
        await expect(client.query(`DELETE FROM event_store.events WHERE stream_name = 'immutable'`)).rejects.toThrow(/append-only/);
      } finally {
        await client.end();
      }
    });
  });
});
