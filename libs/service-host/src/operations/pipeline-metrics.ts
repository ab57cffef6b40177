import { Counter, Gauge, type Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { PostgresDeadLetters, DeferredMessages } from '@referral-ledger/messaging';
import { activityOf } from '@referral-ledger/postgres';
import type { ParkedEvents } from '@referral-ledger/projections';

/** What an on-call engineer watches besides lag: failures, retries, and what was set aside. */
export class PipelineMetrics {
  readonly errors: Counter<'subscriber'>;
  readonly retries: Counter<'consumer'>;
  readonly deadLettered: Counter<'consumer'>;

  constructor(private readonly registry: Registry) {
    this.errors = new Counter({
      name: 'subscriber_errors_total',
      help: 'Failures of a projection, the relay or a consumer group (each is retried)',
      labelNames: ['subscriber'],
      registers: [registry],
    });
    this.retries = new Counter({ name: 'message_retries_total', help: 'Retries of a message handler', labelNames: ['consumer'], registers: [registry] });
    this.deadLettered = new Counter({
      name: 'messages_dead_lettered_total',
      help: 'Messages sent to the dead letters since start',
      labelNames: ['consumer'],
      registers: [registry],
    });
  }

  /** Gauges read from Postgres at scrape time, and the pool's statement and transaction counts. */
  watch(stores: { pool: Pool; deadLetters: PostgresDeadLetters; parked: ParkedEvents; deferred: DeferredMessages }): void {
    const registry = this.registry;
    new Counter({
      name: 'db_statements_total',
      help: 'SQL statements sent by the platform pool',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(activityOf(stores.pool).statements);
      },
    });
    new Counter({
      name: 'db_transactions_total',
      help: 'Transactions of the platform pool: explicit ones plus statements run on their own (read-only ones included)',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(activityOf(stores.pool).transactions);
      },
    });
    new Gauge({
      name: 'db_next_transaction_id',
      help: 'The next transaction id of the database server: it moves only with transactions that write (commits on disk)',
      registers: [registry],
      async collect() {
        const { rows } = await stores.pool.query<{ next: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next');
        this.set(Number(rows[0].next));
      },
    });
    new Gauge({
      name: 'dead_letters_open',
      help: 'Dead letters not replayed yet, per consumer group',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [consumer, open] of await stores.deadLetters.openCounts()) this.set({ consumer }, open);
      },
    });
    new Gauge({
      name: 'parked_events_open',
      help: 'Events a projection could not apply and set aside, per projection',
      labelNames: ['subscriber'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [subscriber, open] of await stores.parked.openCounts()) this.set({ subscriber }, open);
      },
    });
    new Gauge({
      name: 'deferred_messages',
      help: 'Messages waiting for what they depend on (a payment before its signup)',
      registers: [registry],
      async collect() {
        this.set(await stores.deferred.count());
      },
    });
  }

  /** Work each service still has beyond following the store (fraud: referrals queued for screening); 0 when done. */
  watchBacklogs(services: ReadonlyArray<{ name: string; backlog: () => Promise<number> }>): void {
    new Gauge({
      name: 'service_backlog',
      help: 'Work a service still has to do beyond following the store (fraud: referrals queued for screening)',
      labelNames: ['service'],
      registers: [this.registry],
      async collect() {
        for (const service of services) this.set({ service: service.name }, await service.backlog());
      },
    });
  }
}
