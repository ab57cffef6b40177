import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { Entity, PrimaryColumn } from 'typeorm';
import { canHandle } from '@referral-ledger/decider';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore } from '@referral-ledger/event-store';
import { createPool, migrate, sqlMigration } from '@referral-ledger/postgres';
import { anEvent, createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { projectionSchema, type Projection } from './projection';
import { PROJECTION_MIGRATIONS } from './schema';
import { ParkedEvents } from './parking/parked-events';
import { ProjectionRunner } from './projection-runner';

/** The test projection's table, declared as every read model's is. */
@Entity({ schema: 'test_projection', name: 'customer_totals' })
class CustomerTotals {
  @PrimaryColumn('text', { name: 'customer_id' })
  customerId!: string;
}

type Payment = { customerId: string; amount: number };
type PaymentEvent = { id: string; type: 'payment.succeeded' | 'payment.refunded'; data: Payment };

/** Per customer: payments, refunds and net amount. Written to be replayed: upserts keyed by customer. */
function customerTotals(options: { failOnceOn?: string; poison?: string } = {}): Projection<PaymentEvent> {
  let failed = false;
  const upsert = (sign: 1 | -1) => async (event: PaymentEvent, client: import('pg').PoolClient) => {
    if (event.id === options.failOnceOn && !failed) {
      failed = true;
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    }
    if (event.id === options.poison) await client.query(`SELECT '0000-01-01T00:00:00Z'::timestamptz`);
    const { customerId, amount } = event.data;
    await client.query(
      `INSERT INTO test_projection.customer_totals AS t (customer_id, payments, refunds, net_minor) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id) DO UPDATE SET payments = t.payments + EXCLUDED.payments, refunds = t.refunds + EXCLUDED.refunds,
         net_minor = t.net_minor + EXCLUDED.net_minor`,
      [customerId, sign === 1 ? 1 : 0, sign === -1 ? 1 : 0, sign * amount],
    );
  };
  return {
    name: 'customer-totals',
    entities: [CustomerTotals],
    migrations: [
      sqlMigration('CustomerTotals1700000009000', {
        up: `CREATE SCHEMA test_projection;
             CREATE TABLE test_projection.customer_totals (customer_id text PRIMARY KEY, payments int NOT NULL, refunds int NOT NULL, net_minor bigint NOT NULL);`,
      }),
    ],
    canHandle: canHandle<PaymentEvent>({ 'payment.succeeded': true, 'payment.refunded': true }),
    handle: async (events, client) => {
      for (const event of events) await upsert(event.type === 'payment.refunded' ? -1 : 1)(event, client);
    },
  };
}

describeWith(['postgres'], 'ProjectionRunner', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('projections');
    pool = createPool(database.url);
    await migrate(pool, [EVENT_STORE_MIGRATIONS, PROJECTION_MIGRATIONS]);
    store = await PostgresEventStore.create(pool, { pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await store.close();
    await pool.end();
    await database.drop();
  });

  async function start(projection: Projection, registry?: Registry) {
    await migrate(pool, [projectionSchema(projection)]);
    const runner = await ProjectionRunner.start({ pool, store, projection, batchSize: 200, registry });
    runners.push(runner);
    return runner;
  }

  /** 3,000 payments and refunds over 60 customers, from 6 concurrent writers. Returns the totals they imply. */
  async function feed(): Promise<Map<string, { payments: number; refunds: number; net_minor: string }>> {
    const expected = new Map<string, { payments: number; refunds: number; net: bigint }>();
    await Promise.all(
      Array.from({ length: 6 }, async (_, writer) => {
        for (let batch = 0; batch < 50; batch++) {
          const customerId = `customer-${(writer * 50 + batch) % 60}`;
          const events = Array.from({ length: 10 }, (_, i) => {
            const refund = i % 5 === 4;
            const amount = 1_000 + writer * 100 + i;
            const totals = expected.get(customerId) ?? { payments: 0, refunds: 0, net: 0n };
            expected.set(customerId, {
              payments: totals.payments + (refund ? 0 : 1),
              refunds: totals.refunds + (refund ? 1 : 0),
              net: totals.net + BigInt(refund ? -amount : amount),
            });
            return anEvent(refund ? 'payment.refunded' : 'payment.succeeded', { customerId, amount });
          });
          await store.appendToStream(`customer-${customerId}`, events, { expectedVersion: 'any' });
        }
      }),
    );
    return new Map([...expected].map(([id, t]) => [id, { payments: t.payments, refunds: t.refunds, net_minor: t.net.toString() }]));
  }

  async function snapshot() {
    const { rows } = await pool.query('SELECT customer_id, payments, refunds, net_minor::text FROM test_projection.customer_totals ORDER BY customer_id');
    return rows;
  }

  const totalsById = (rows: Array<{ customer_id: string; payments: number; refunds: number; net_minor: string }>) =>
    new Map(rows.map((r) => [r.customer_id, { payments: r.payments, refunds: r.refunds, net_minor: r.net_minor }]));

  it('equals the live projection after a rebuild from thousands of events, and both equal the events', async () => {
    const runner = await start(customerTotals());
    const expected = await feed();
    await runner.caughtUp();
    const live = await snapshot();
    expect(live).toHaveLength(60);
    expect(totalsById(live)).toEqual(expected);

    await runner.rebuild();
    await runner.caughtUp();
    expect(await snapshot()).toEqual(live);
  });

  it('rolls back a batch that met a database outage and retries it, so no event is applied twice or skipped', async () => {
    const expected = await feed();
    const [victim] = await store.readAll({ maxCount: 1 });
    const errors: unknown[] = [];
    const projection = customerTotals({ failOnceOn: victim.id });
    await migrate(pool, [projectionSchema(projection)]);
    const runner = await ProjectionRunner.start({ pool, store, projection, onError: (e) => errors.push(e) });
    runners.push(runner);
    await runner.caughtUp();
    expect(errors).toHaveLength(1);
    expect(totalsById(await snapshot())).toEqual(expected);
    expect(await new ParkedEvents(pool).list()).toEqual([]);
  });

  it('parks an event that keeps failing, with its error, and applies the rest of the stream', async () => {
    const expected = await feed();
    const events = await store.readAll();
    const poison = events[1_234];
    const errors: unknown[] = [];
    const projection = customerTotals({ poison: poison.id });
    await migrate(pool, [projectionSchema(projection)]);
    const runner = await ProjectionRunner.start({ pool, store, projection, onError: (e) => errors.push(e) });
    runners.push(runner);
    await runner.caughtUp();
    const { customerId, amount } = poison.data as Payment;
    const refund = poison.type === 'payment.refunded';
    const victim = expected.get(customerId) as { payments: number; refunds: number; net_minor: string };
    expected.set(customerId, {
      payments: victim.payments - (refund ? 0 : 1),
      refunds: victim.refunds - (refund ? 1 : 0),
      net_minor: (BigInt(victim.net_minor) - BigInt(refund ? -amount : amount)).toString(),
    });
    expect(totalsById(await snapshot())).toEqual(expected);
    const parked = await new ParkedEvents(pool).list({ open: true });
    expect(parked).toEqual([expect.objectContaining({ subscriber: 'customer-totals', eventId: poison.id, attempts: 3, error: expect.stringContaining('out of range') })]);
    expect(errors).toHaveLength(1);
  });

  it('lets two replicas of one projection run side by side without double counting', async () => {
    await start(customerTotals());
    const second = await start(customerTotals());
    const expected = await feed();
    await second.caughtUp();
    await runners[0].caughtUp();
    expect(totalsById(await snapshot())).toEqual(expected);
  });

  it('reports its lag to Prometheus', async () => {
    const registry = new Registry();
    const runner = await start(customerTotals(), registry);
    await store.appendToStream(`customer-${randomUUID()}`, [anEvent('payment.succeeded', { customerId: 'c', amount: 1 })], { expectedVersion: 'no_stream' });
    await runner.caughtUp();
    expect(await registry.metrics()).toContain('subscriber_lag_seconds{subscriber="customer-totals"} 0');
  });
});
