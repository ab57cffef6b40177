/**
 * Event store and relay throughput. Run: `npm run bench:event-store` (uses DATABASE_URL, or a scratch
 * database on the local Postgres; KAFKA_BROKERS, or the mock broker of tools/kafka-test-broker).
 * Prints events/s for each measurement; compare runs on the same machine only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore, type NewEvent } from '@referral-ledger/event-store';
import { EventRelay, KafkaPublisher, MESSAGING_MIGRATIONS, kafkaSettingsFor } from '@referral-ledger/messaging';
import { Checkpoints, PROJECTION_MIGRATIONS } from '@referral-ledger/projections';
import { createPool, migrate } from '@referral-ledger/postgres';
import { KafkaTestBroker } from '@referral-ledger/testing';

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function paymentEvent(customer: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'payment.succeeded',
    data: { customerId: `customer-${customer}`, paymentId: randomUUID(), amount: 129_900, currency: 'EUR', plan: 'business', interval: 'year' },
    metadata: { correlationId: randomUUID(), causationId: null, occurredAt: new Date().toISOString(), schemaVersion: 1, actor: 'bench' },
  };
}

async function measure(label: string, events: number, work: () => Promise<void>): Promise<void> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${label.padEnd(44)} ${String(events).padStart(7)} events  ${seconds.toFixed(2).padStart(6)} s  ${Math.round(events / seconds)
      .toLocaleString('en')
      .padStart(9)} events/s`,
  );
}

async function inParallel(writers: number, total: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, drop: async () => undefined };
  const name = `rl_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

async function benchRelay(pool: Pool, store: PostgresEventStore, total: number): Promise<void> {
  const broker = process.env.KAFKA_BROKERS ? undefined : KafkaTestBroker.isAvailable() ? await KafkaTestBroker.start() : undefined;
  const brokers = process.env.KAFKA_BROKERS ?? broker?.bootstrapServers.join(',');
  if (!brokers) {
    console.log('relay to Kafka: skipped (no KAFKA_BROKERS and tools/kafka-test-broker is not built)');
    return;
  }
  const settings = kafkaSettingsFor(brokers, 'bench', { idempotentProducer: Boolean(process.env.KAFKA_BROKERS), autoCreateTopics: true });
  const publisher = await KafkaPublisher.connect(settings);
  await migrate(pool, [EVENT_STORE_MIGRATIONS, MESSAGING_MIGRATIONS, PROJECTION_MIGRATIONS]);
  const checkpoints = new Checkpoints(pool);
  await measure(`relay to Kafka (${broker ? 'mock broker' : 'KAFKA_BROKERS'}, batches of 500)`, total, async () => {
    const relay = EventRelay.start({
      name: 'bench',
      store,
      publisher,
      checkpoints,
      batchSize: 500,
      route: (e) => ({ topic: 'bench.payments', key: e.streamName, source: '/bench' }),
      onError: (error) => console.error('relay:', error),
    });
    await relay.caughtUp();
    await relay.stop();
  });
  await publisher.disconnect();
  await broker?.stop();
}

async function main(): Promise<void> {
  const database = await scratchDatabase();
  const pool = createPool(database.url, { max: 8 });
  const store = await PostgresEventStore.create(pool);
  try {
    const singles = 4_000;
    await measure('append, 1 event per append, 8 writers', singles, () =>
      inParallel(8, singles, (i) => store.appendToStream(`customer-${i}`, [paymentEvent(i)], { expectedVersion: 'no_stream' }).then(() => undefined)),
    );
    const batches = 400;
    await measure('append, batches of 100, 4 writers', batches * 100, () =>
      inParallel(4, batches, (i) =>
        store
          .appendToStream(
            `payments-${i}`,
            Array.from({ length: 100 }, () => paymentEvent(i)),
            { expectedVersion: 'no_stream' },
          )
          .then(() => undefined),
      ),
    );
    const total = singles + batches * 100;
    // Let autovacuum's ANALYZE of the fresh rows finish first: while any transaction of the cluster is
    // open, readAll holds back newer events (that is how it never skips one), which would be timed here.
    await pool.query('ANALYZE event_store.events');
    await measure('readAll, pages of 1,000', total, async () => {
      let from;
      let read = 0;
      while (read < total) {
        const page = await store.readAll({ fromPosition: from, maxCount: 1_000 });
        if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        else from = page[page.length - 1].position;
        read += page.length;
      }
    });
    await benchRelay(pool, store, total);
  } finally {
    await store.close();
    await pool.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
