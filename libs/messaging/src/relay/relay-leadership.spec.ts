import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { PostgresEventStore } from '@referral-ledger/event-store';
import { createPool, migrate } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, eventually, numberedEvents, type TestDatabase } from '@referral-ledger/testing';
import { decodeEnvelope } from '../envelope/event-envelope';
import { InProcessBus } from '../in-process/in-process-bus';
import type { IncomingMessage } from '../message';
import { MESSAGING_MIGRATIONS } from '../schema';
import { EventRelay } from './event-relay';
import { PostgresRelayCheckpoints } from './relay-checkpoints';
import { PostgresRelayLeadership } from './relay-leadership';

describeWith(['postgres'], 'EventRelay replicas', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('relay_leadership');
    pool = createPool(database.url);
    await migrate(pool, 'messaging', MESSAGING_MIGRATIONS);
    store = await PostgresEventStore.create(pool, { pollIntervalMs: 20 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('relays each event once while two replicas run, and the standby takes over when the leader stops', async () => {
    const bus = new InProcessBus();
    const published: IncomingMessage[] = [];
    bus.subscribe('probe', ['things'], { process: async (message) => published.push(message) });
    const replica = () =>
      EventRelay.start({
        name: 'replicated',
        store,
        publisher: bus,
        checkpoints: new PostgresRelayCheckpoints(pool),
        leadership: new PostgresRelayLeadership(pool, 50),
        route: (event) => ({ topic: 'things', key: event.streamName, source: '/tests' }),
      });
    const first = await replica();
    const second = await replica();
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
