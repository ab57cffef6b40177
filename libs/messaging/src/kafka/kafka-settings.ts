import { CompressionTypes, Kafka, Partitioners, logLevel, type ProducerConfig } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /**
   * Production guarantees: idempotent producer (no duplicates on producer retries) and gzip batches.
   * librdkafka's mock broker rejects idempotent producers, so tests against it switch this off.
   */
  idempotentProducer: boolean;
  /** Let clients create missing topics: for test and development brokers; production topics come from deploy/. */
  autoCreateTopics: boolean;
  compression: 'gzip' | 'none';
  /**
   * Longest a fetch waits for new messages. Real brokers answer as soon as data arrives; librdkafka's mock
   * waits the whole time, so a long wait there adds seconds to every hop.
   */
  fetchMaxWaitMs: number;
  /** kafkajs's own log output; 'nothing' where connection errors are expected (fault-injection tests). */
  logLevel: 'nothing' | 'error' | 'warn' | 'info';
}

const LOG_LEVELS = { nothing: logLevel.NOTHING, error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO } as const;

export function kafkaSettingsFor(brokers: string | string[], clientId: string, overrides: Partial<KafkaSettings> = {}): KafkaSettings {
  return {
    brokers: Array.isArray(brokers)
      ? brokers
      : brokers
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
    clientId,
    idempotentProducer: true,
    autoCreateTopics: false,
    fetchMaxWaitMs: 100,
    compression: 'gzip',
    logLevel: 'warn',
    ...overrides,
  };
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: LOG_LEVELS[settings.logLevel],
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

export function producerConfig(settings: KafkaSettings): ProducerConfig {
  // The Java client's murmur2 partitioner: the same key lands on the same partition whichever client produced it.
  const createPartitioner = Partitioners.DefaultPartitioner;
  const allowAutoTopicCreation = settings.autoCreateTopics;
  return settings.idempotentProducer
    ? { createPartitioner, allowAutoTopicCreation, idempotent: true, maxInFlightRequests: 1 }
    : { createPartitioner, allowAutoTopicCreation, idempotent: false };
}

export function compressionOf(settings: KafkaSettings): CompressionTypes {
  return settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
}
