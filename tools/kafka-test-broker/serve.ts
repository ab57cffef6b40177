import { connect, createServer } from 'node:net';
import { ALL_TOPICS, deadLetterTopic } from '@referral-ledger/contracts';
import { KafkaTestBroker } from '@referral-ledger/testing';

/**
 * `npm run kafka:test-broker [-- <port>]`: the tests' mock broker on its own, for local development, with every public
 * topic and its DLQ. It listens on a fixed port (default 9092) by forwarding it to the mock cluster, whose own
 * listener takes a random port that clients learn from the metadata; it runs until Ctrl-C or SIGTERM.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? process.env.KAFKA_TEST_BROKER_PORT ?? 9092);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`not a port: ${process.argv[2]}`);
  if (!KafkaTestBroker.isAvailable()) throw new Error('tools/kafka-test-broker is not built: apt-get install -y librdkafka-dev, then bash tools/kafka-test-broker/build.sh');
  const broker = await KafkaTestBroker.start({ topics: ALL_TOPICS.flatMap((topic) => [topic, deadLetterTopic(topic)]), partitions: 6 });
  const [host, mockPort] = broker.bootstrapServers[0].split(':');
  const bootstrap = createServer((client) => {
    const upstream = connect(Number(mockPort), host);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => bootstrap.once('error', reject).listen(port, '127.0.0.1', resolve));
  process.stdout.write(
    `Kafka test broker on 127.0.0.1:${port} (the mock cluster itself at ${broker.bootstrapServers.join(',')}).\n` +
      `Run services with: KAFKA_BROKERS=127.0.0.1:${port} KAFKA_IDEMPOTENT_PRODUCER=false KAFKA_FETCH_MAX_WAIT_MS=10\n` +
      'Ctrl-C stops it; its topics and messages live in memory only.\n',
  );
  const stop = async () => {
    bootstrap.close();
    await broker.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka test broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
