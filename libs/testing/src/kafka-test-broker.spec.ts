import { Kafka, logLevel } from 'kafkajs';
import { ControllableClock } from './clock';
import { KafkaTestBroker } from './kafka-test-broker';

const describeIfBroker = KafkaTestBroker.isAvailable() ? describe : describe.skip;
if (!KafkaTestBroker.isAvailable()) process.stderr.write('SKIPPED suite "KafkaTestBroker": tools/kafka-test-broker is not built (needs librdkafka-dev)\n');

describeIfBroker('KafkaTestBroker', () => {
  it('is a Kafka-protocol broker that can be taken down and brought back', async () => {
    const broker = await KafkaTestBroker.start({ topics: ['greetings'], partitions: 2 });
    const kafka = new Kafka({ brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 50 } });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: ['greetings'] });
      expect(metadata.topics[0].partitions).toHaveLength(2);
      await admin.disconnect();

      await broker.setBrokerDown();
      await expect(kafka.admin().connect()).rejects.toThrow();
      await broker.setBrokerUp();
      const again = kafka.admin();
      await again.connect();
      await again.disconnect();
    } finally {
      await broker.stop();
    }
  });
});

describe('ControllableClock', () => {
  it('moves only when told', () => {
    const clock = new ControllableClock('2026-03-01T00:00:00Z');
    clock.advanceDays(14);
    expect(clock.now().toISOString()).toBe('2026-03-15T00:00:00.000Z');
  });
});
