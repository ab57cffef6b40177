import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@referral-ledger/event-store';
import {
  InProcessBus,
  KafkaMessageConsumer,
  KafkaPublisher,
  MESSAGING_MIGRATIONS,
  PostgresDeadLetterSink,
  TopicDeadLetterSink,
  kafkaSettingsFor,
  type DeadLetterSink,
  type MessagePublisher,
  type MessageSource,
} from '@referral-ledger/messaging';
import { createPool, migrate, startEmbeddedPostgres, type EmbeddedPostgres } from '@referral-ledger/postgres';
import { PRIVACY_MIGRATIONS } from '@referral-ledger/privacy';
import { SERVICE_KIT_MIGRATIONS, type ReadinessCheck } from '@referral-ledger/service-kit';
import type { HostConfig } from './host-config';

export interface Infrastructure {
  pool: Pool;
  store: EventStore;
  publisher: MessagePublisher;
  readinessChecks: ReadinessCheck[];
  /** Set in embedded mode: the in-process bus the modules subscribe to. */
  bus?: InProcessBus;
  /** Feeds a consumer group's topics to a processor: a Kafka consumer group, or the in-process bus. */
  messageSource(group: string, topics: string[]): MessageSource;
  /** `<topic>.dlq` on Kafka; the `messaging.dead_letters` table in embedded mode. */
  deadLetters: DeadLetterSink;
  databaseDescription: string;
  transportDescription: string;
  close(): Promise<void>;
}

/**
 * Real servers when DATABASE_URL / KAFKA_BROKERS / EVENTSTORE_URL are set; otherwise embedded Postgres (PGlite) under
 * DATA_DIR and the in-process bus. Either way the same adapters, migrations and handlers run.
 */
export async function connectInfrastructure(config: HostConfig): Promise<Infrastructure> {
  const embedded = config.DATABASE_URL ? undefined : await startEmbedded(config.DATA_DIR);
  // PGlite runs one transaction at a time: with a single connection no query can queue behind another connection's open transaction.
  const pool = createPool(embedded?.url ?? (config.DATABASE_URL as string), { max: embedded ? 1 : 10, application_name: 'referral-ledger' });
  await migrate(pool, 'service-kit', SERVICE_KIT_MIGRATIONS);
  await migrate(pool, 'messaging', MESSAGING_MIGRATIONS);
  await migrate(pool, 'privacy', PRIVACY_MIGRATIONS);
  // EventStoreDB holds the events when configured; Postgres still holds checkpoints and projections.
  const store = config.EVENTSTORE_URL ? EventStoreDbEventStore.connect(config.EVENTSTORE_URL) : await PostgresEventStore.create(pool);

  const kafkaSettings = config.KAFKA_BROKERS
    ? kafkaSettingsFor(config.KAFKA_BROKERS, 'referral-ledger-platform', {
        idempotentProducer: config.KAFKA_IDEMPOTENT_PRODUCER,
        autoCreateTopics: config.KAFKA_AUTO_CREATE_TOPICS,
      })
    : undefined;
  const kafka = kafkaSettings ? await KafkaPublisher.connect(kafkaSettings) : undefined;
  const bus = kafka ? undefined : new InProcessBus();
  return {
    pool,
    store,
    publisher: kafka ?? (bus as InProcessBus),
    bus,
    messageSource: (group, topics) => async (processor) => {
      if (kafkaSettings) return KafkaMessageConsumer.start(kafkaSettings, { groupId: group, topics }, processor);
      bus?.subscribe(group, topics, processor);
      return { stop: async () => bus?.drain() };
    },
    deadLetters: kafka ? new TopicDeadLetterSink(kafka) : new PostgresDeadLetterSink(pool),
    readinessChecks: [
      { name: 'database', check: async () => void (await pool.query('SELECT 1')) },
      ...(kafka ? [{ name: 'kafka', check: () => kafka.checkConnection() }] : []),
    ],
    databaseDescription: embedded ? `embedded PGlite in ${join(config.DATA_DIR, 'pglite')}` : 'DATABASE_URL',
    transportDescription: kafka ? `Kafka at ${config.KAFKA_BROKERS}` : 'in-process bus',
    async close() {
      await bus?.drain();
      await kafka?.disconnect();
      await store.close();
      await pool.end();
      await embedded?.stop();
    },
  };
}

function startEmbedded(dataDirectory: string): Promise<EmbeddedPostgres> {
  const dataDir = join(dataDirectory, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  return startEmbeddedPostgres({ dataDir });
}
