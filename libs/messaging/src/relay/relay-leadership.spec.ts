import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore } from '@referral-ledger/event-store';
import { createPool, migrate } from '@referral-ledger/postgres';
import { Checkpoints, PROJECTION_MIGRATIONS } from '@referral-ledger/projections';
import { createTestDatabase, describeWith, eventually, numberedEvents, type TestDatabase } from '@referral-ledger/testing';
import { decodeEnvelope } from '../envelope/event-envelope';
import type { MessagePublisher, OutgoingMessage } from '../message';
import { MESSAGING_MIGRATIONS } from '../schema';
import { EventRelay } from './event-relay';
import { PostgresRelayLeadership } from './relay-leadership';

describeWith(['postgres'], 'EventRelay replicas', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('relay_leadership');
    pool = createPool(database.url);
    await migrate(pool, [EVENT_STORE_MIGRATIONS, MESSAGING_MIGRATIONS, PROJECTION_MIGRATIONS]);
    store = await PostgresEventStore.create(pool, { pollIntervalMs: 20 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('relays each event once while two replicas run, and the standby takes over when the leader stops', async () => {
    // The broker is not what is tested here: a publisher that records what it is given stands in for it.
    const published: OutgoingMessage[] = [];
    const broker: MessagePublisher = { publish: async (messages) => void published.push(...messages) };
    const replica = () =>
      EventRelay.start({
        name: 'replicated',
        store,
        publisher: broker,
        checkpoints: new Checkpoints(pool),
        onError: () => undefined,
        leadership: new PostgresRelayLeadership(pool, 50),
        route: (event) => ({ topic: 'things', key: event.streamName, source: '/tests' }),
      });
    const first = replica();
    const second = replica();
    const stream = `thing-${randomUUID()}`;
    await store.appendToStream(stream, numberedEvents('thing.happened', 5), { expectedVersion: 'no_stream' });
    await eventually(() => published.length >= 5);

    await first.stop();
    await store.appendToStream(stream, numberedEvents('thing.happened', 3), { expectedVersion: 4n });
    await eventually(() => published.length >= 8);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await second.stop();

    const ids = published.map((m) => decodeEnvelope(m.value).id);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
  });
});
