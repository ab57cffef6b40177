import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { AmbientEventStore, EventStoreDbEventStore, PostgresEventStore } from '@referral-ledger/event-store';
import {
  DeferredMessages,
  KafkaMessageConsumer,
  KafkaPublisher,
  PostgresDeadLetters,
  PostgresRelayLeadership,
  StoreConsumer,
  TopicDeadLetterSink,
  kafkaSettingsFor,
  toAllSinks,
  type DeadLetterSink,
  type MessageSource,
  type RelayRouter,
} from '@referral-ledger/messaging';
import { Checkpoints, type LaggingSubscriber } from '@referral-ledger/projections';
import type { ReadinessCheck } from '@referral-ledger/service-kit';
import { openDatabase, type HostSchema } from './database';
import type { HostConfig } from './host-config';

export interface Infrastructure {
  pool: Pool;
  /** TypeORM over `pool`: what the read side queries through. */
  dataSource: DataSource;
  /** Consumers run each batch in one of its units of work; everything else uses it as the plain store. */
  store: AmbientEventStore;
  /** Set with KAFKA_BROKERS: the relay publishes the store's public events there. */
  kafka?: KafkaPublisher;
  checkpoints: Checkpoints;
  /** Feeds a consumer group's topics to a processor: a Kafka consumer group, or the store itself (embedded mode). */
  messageSource(group: string, topics: string[]): MessageSource;
  /** Store-fed consumer groups, for lag and health. */
  readonly storeConsumers: LaggingSubscriber[];
  /** With Kafka: the largest lag, in seconds, of this process's consumer groups (0 without Kafka). */
  brokerConsumersLagSeconds(): number;
  /** `messaging.dead_letters`, and on Kafka `<topic>.dlq` too. */
  deadLetters: DeadLetterSink;
  deadLetterStore: PostgresDeadLetters;
  deferred: DeferredMessages;
  readinessChecks: ReadinessCheck[];
  databaseDescription: string;
  transportDescription: string;
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  route: RelayRouter;
  /** The hosted services' migrations and entities (see `schemaOf`). */
  schema: HostSchema;
  onError: (error: unknown, context: string) => void;
}

/**
 * Real servers when DATABASE_URL / KAFKA_BROKERS / EVENTSTORE_URL are set; otherwise embedded Postgres (PGlite) under
 * DATA_DIR, and consumer groups fed straight from the store. Either way the same adapters, migrations and handlers run,
 * and no message is ever held only in memory.
 */
export async function connectInfrastructure(config: HostConfig, options: InfrastructureOptions): Promise<Infrastructure> {
  const database = await openDatabase(config, options.schema);
  const { pool, embedded } = database;
  try {
    // EventStoreDB holds the events when configured; Postgres still holds checkpoints and projections.
    const checkpoints = new Checkpoints(pool);
    await checkpoints.bindToEventStore(config.EVENTSTORE_URL ? 'eventstoredb' : 'postgres');
    const eventStoreDb = config.EVENTSTORE_URL
      ? EventStoreDbEventStore.connect(config.EVENTSTORE_URL, { onFeedError: (error) => options.onError(error, 'EventStoreDB live feed') })
      : undefined;
    const store = new AmbientEventStore(
      eventStoreDb ??
        (await PostgresEventStore.create(pool, {
          // PGlite's socket serves one connection's queries at a time: embedded mode stays on its single one (one process, so nothing to hear).
          notifications: !embedded,
          onListenError: (error) => options.onError(error, 'event store notifications'),
        })),
    );
    const kafkaSettings = config.KAFKA_BROKERS
      ? kafkaSettingsFor(config.KAFKA_BROKERS, 'referral-ledger-platform', {
          idempotentProducer: config.KAFKA_IDEMPOTENT_PRODUCER,
          autoCreateTopics: config.KAFKA_AUTO_CREATE_TOPICS,
          fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
        })
      : undefined;
    const kafka = kafkaSettings ? await KafkaPublisher.connect(kafkaSettings) : undefined;
    const deadLetterStore = new PostgresDeadLetters(pool);
    const storeConsumers: StoreConsumer[] = [];
    const brokerConsumers: KafkaMessageConsumer[] = [];
    return {
      pool,
      dataSource: database.dataSource,
      store,
      kafka,
      checkpoints,
      get storeConsumers() {
        return storeConsumers.map((consumer) => consumer.follower);
      },
      brokerConsumersLagSeconds: () => Math.max(0, ...brokerConsumers.map((consumer) => consumer.lagSeconds)),
      messageSource: (group, topics) => async (receiver) => {
        if (kafkaSettings) {
          const consumer = await KafkaMessageConsumer.start(kafkaSettings, { groupId: group, topics }, receiver);
          brokerConsumers.push(consumer);
          return consumer;
        }
        const consumer = new StoreConsumer(
          {
            group,
            topics,
            store,
            checkpoints,
            route: options.route,
            // Replicas on one Postgres share the group through a lease; the embedded platform is one process by its DATA_DIR lock.
            leadership: embedded ? undefined : new PostgresRelayLeadership(pool),
            onError: (error) => options.onError(error, `consumer ${group}`),
          },
          receiver,
        ).start();
        storeConsumers.push(consumer);
        return consumer;
      },
      deadLetters: kafka ? toAllSinks(deadLetterStore, new TopicDeadLetterSink(kafka)) : deadLetterStore,
      deadLetterStore,
      deferred: new DeferredMessages(pool),
      readinessChecks: [
        { name: 'database', check: async () => void (await pool.query('SELECT 1')) },
        ...(eventStoreDb ? [{ name: 'eventstoredb', check: () => eventStoreDb.checkConnection() }] : []),
        ...(kafka ? [{ name: 'kafka', check: () => kafka.checkConnection() }] : []),
      ],
      databaseDescription: database.description,
      transportDescription: kafka ? `Kafka at ${config.KAFKA_BROKERS}` : 'consumer groups fed from the event store',
      async close() {
        await Promise.all(storeConsumers.map((consumer) => consumer.stop()));
        await kafka?.disconnect();
        await store.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
