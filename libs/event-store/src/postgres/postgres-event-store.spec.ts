import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, describeWith, eventually, numberedEvents, type TestDatabase } from '@referral-ledger/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { WrongExpectedVersionError } from '../errors';
import type { RecordedEvent } from '../event';
import { PostgresEventStore } from './postgres-event-store';

describeWith(['postgres'], 'PostgresEventStore', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('event_store');
  });
  afterAll(() => database.drop());

  eventStoreContract(
    async () => {
      const store = await PostgresEventStore.create(database.url, { pollIntervalMs: 50 });
      return { store, teardown: () => store.close() };
    },
    { uniqueEventIdsAcrossStreams: true, atomicAppends: true },
  );

  describe('against Postgres itself', () => {
    let store: PostgresEventStore;
    beforeEach(async () => {
      store = await PostgresEventStore.create(database.url, { pollIntervalMs: 50 });
    });
    afterEach(() => store.close());

    /** A writer in its own transaction, which it keeps open until `commit` is called: the slow writer of the gap problem. */
    async function openAppend(streamName: string, type: string) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await client.query('BEGIN');
      const appended = client.query(
        `SELECT * FROM event_store.append_batch(ARRAY[$1], ARRAY['any'], ARRAY[1], ARRAY[1], ARRAY[gen_random_uuid()], ARRAY[$2], ARRAY['{}'::jsonb], ARRAY['{}'::jsonb], 10000, false)`,
        [streamName, type],
      );
      return {
        appended,
        async commit() {
          await appended;
          await client.query('COMMIT');
          await client.end();
        },
      };
    }

    it('does not let a reader skip an event that a slow writer commits late (the bigserial gap)', async () => {
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ fromPosition: 'start' }, async (events) => {
        seen.push(...events.filter((e) => e.streamName.startsWith('gap-')));
      });
      const slow = await openAppend('gap-slow', 'slow');
      await slow.appended;
      const fast = store.appendToStream('gap-fast', numberedEvents('fast', 1), { expectedVersion: 'no_stream' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([]);

      await slow.commit();
      await fast;
      await eventually(() => seen.length === 2);
      await subscription.stop();
      expect(seen.map((e) => e.type)).toEqual(['slow', 'fast']);
    });

    it('never skips and never reorders: writers with random delays before commit, and a reader tailing readAll', async () => {
      const prefix = `race-${randomUUID()}`;
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ fromPosition: 'start', maxBatchSize: 7 }, async (events) => {
        seen.push(...events.filter((e) => e.streamName.startsWith(prefix)));
      });
      const slowWriters = Array.from({ length: 6 }, async (_, writer) => {
        for (let round = 0; round < 8; round++) {
          const open = await openAppend(`${prefix}-slow-${writer}`, 'slow');
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
          await open.commit();
        }
      });
      const fastWriters = Array.from({ length: 6 }, async (_, writer) => {
        for (let round = 0; round < 20; round++) {
          await store.appendToStream(`${prefix}-fast-${writer % 3}`, numberedEvents('fast', 1 + (round % 3)), { expectedVersion: 'any' });
        }
      });
      await Promise.all([...slowWriters, ...fastWriters]);
      const stored = (await store.readAll()).filter((e) => e.streamName.startsWith(prefix));
      expect(stored).toHaveLength(6 * 8 + 6 * (7 * 1 + 7 * 2 + 6 * 3));
      await eventually(() => seen.length >= stored.length, 20_000);
      await subscription.stop();
      expect(seen.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    });

    it('is not held back by a transaction open in another database, nor by an unrelated one in this database', async () => {
      const elsewhere = new Client({ connectionString: database.url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
      const here = new Client({ connectionString: database.url });
      await Promise.all([elsewhere.connect(), here.connect()]);
      try {
        for (const client of [elsewhere, here]) {
          await client.query('BEGIN');
          await client.query('SELECT pg_current_xact_id()');
        }
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ fromPosition: (await store.headPosition()) ?? 'start' }, async (events) => void seen.push(...events));
        const stream = `unblocked-${randomUUID()}`;
        await store.appendToStream(stream, numberedEvents('x', 1), { expectedVersion: 'no_stream' });
        await eventually(() => seen.some((e) => e.streamName === stream), 5_000);
        await subscription.stop();
      } finally {
        await Promise.all([elsewhere.end(), here.end()]);
      }
    });

    it('fails an append stuck behind a writer holding the append lock after a bounded wait, with a retryable error', async () => {
      const impatient = await PostgresEventStore.create(database.url, { appendLockTimeoutMs: 200 });
      const stuck = await openAppend(`stuck-${randomUUID()}`, 'stuck');
      await stuck.appended;
      try {
        await expect(impatient.appendToStream(`waiting-${randomUUID()}`, numberedEvents('x', 1), { expectedVersion: 'any' })).rejects.toMatchObject({ code: '55P03' });
      } finally {
        await stuck.commit();
        await impatient.close();
      }
    });

    it('shares one statement among concurrent appends, each with its own concurrency check', async () => {
      const name = `grouped-${randomUUID()}`;
      await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 'no_stream' });
      const results = await Promise.allSettled([
        store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 0n }),
        store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 0n }),
        store.appendToStream(`${name}-other`, numberedEvents('x', 2), { expectedVersion: 'no_stream' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      expect((results[2] as PromiseFulfilledResult<unknown>).value).toEqual({ nextExpectedVersion: 1n });
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
