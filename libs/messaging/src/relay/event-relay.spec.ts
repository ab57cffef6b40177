import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore, type Position } from '@referral-ledger/event-store';
import { createPool, migrate } from '@referral-ledger/postgres';
import { Checkpoints, PROJECTION_MIGRATIONS } from '@referral-ledger/projections';
import { KafkaTestBroker, createTestDatabase, describeWith, eventually, numberedEvents, type TestDatabase } from '@referral-ledger/testing';
import { TopicDeadLetterSink } from '../dead-letters/dead-letter-sink';
import { decodeEnvelope } from '../envelope/event-envelope';
import { KafkaMessageConsumer } from '../kafka/kafka-consumer';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { MessageProcessor } from '../processing/message-processor';
import { PostgresProcessedMessages } from '../processing/processed-messages';
import { MESSAGING_MIGRATIONS } from '../schema';
import { recordTopic, testKafkaSettings, uniqueTopic } from '../test-support/kafka-fixtures';
import { EventRelay } from './event-relay';

describeWith(['kafka', 'postgres'], 'EventRelay to Kafka', () => {
  const settings = testKafkaSettings();
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let publisher: KafkaPublisher;
  const running: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    database = await createTestDatabase('relay');
    pool = createPool(database.url);
    await migrate(pool, [EVENT_STORE_MIGRATIONS, MESSAGING_MIGRATIONS, PROJECTION_MIGRATIONS]);
    store = await PostgresEventStore.create(pool, { pollIntervalMs: 50 });
    publisher = await KafkaPublisher.connect(settings);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await publisher.disconnect();
    await store.close();
    await pool.end();
    await database.drop();
  });

  function startRelay(name: string, topic: string, options: { publisher?: KafkaPublisher; checkpoints?: Checkpoints; onError?: (error: unknown) => void } = {}) {
    return EventRelay.start({
      name,
      store,
      publisher: options.publisher ?? publisher,
      checkpoints: options.checkpoints ?? new Checkpoints(pool),
      onError: options.onError,
      route: (event) => (event.streamName.startsWith(`${name}/`) ? { topic, key: event.streamName.split('/')[1], source: '/tests/relay' } : null),
      maxBackoffMs: 200,
    });
  }

  it('publishes each event as a CloudEvent keyed by aggregate id, and resumes from its checkpoint after a restart', async () => {
    const name = `relay-${randomUUID()}`;
    const topic = uniqueTopic('relay');
    const recorder = await recordTopic(settings, [topic]);
    running.push(recorder);
    const first = numberedEvents('thing.happened', 3);
    await store.appendToStream(`${name}/agg-1`, first, { expectedVersion: 'no_stream' });

    const relay = startRelay(name, topic);
    await eventually(() => recorder.messages.length === 3, 20_000);
    await relay.stop();
    expect(recorder.messages.map((m) => m.key)).toEqual(['agg-1', 'agg-1', 'agg-1']);
    const envelope = decodeEnvelope(recorder.messages[0].value);
    expect(envelope).toMatchObject({ id: first[0].id, type: 'thing.happened', subject: 'agg-1', source: '/tests/relay', data: { n: 0 } });
    expect(envelope.correlationid).toBe(first[0].metadata.correlationId);

    await store.appendToStream(`${name}/agg-2`, numberedEvents('thing.happened', 2), { expectedVersion: 'no_stream' });
    running.push(startRelay(name, topic));
    await eventually(() => recorder.messages.length >= 5, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(recorder.messages).toHaveLength(5);
  });

  it('republishes after a crash between publish and checkpoint, and an idempotent consumer handles each event once', async () => {
    const name = `relay-${randomUUID()}`;
    const topic = uniqueTopic('relay');
    const handled: string[] = [];
    const groupId = `group-${randomUUID()}`;
    const processor = new MessageProcessor({
      consumer: groupId,
      handlers: new Map([['thing.happened', async (event) => void handled.push(event.id)]]),
      deadLetters: new TopicDeadLetterSink(publisher),
      processed: new PostgresProcessedMessages(pool),
    });
    running.push(await KafkaMessageConsumer.start(settings, { groupId, topics: [topic] }, processor));
    const recorder = await recordTopic(settings, [topic]);
    running.push(recorder);

    const events = numberedEvents('thing.happened', 4);
    await store.appendToStream(`${name}/agg-1`, events, { expectedVersion: 'no_stream' });
    const [first] = await store.readStream(`${name}/agg-1`, { maxCount: 1 });
    /** Dies between the broker's ack of this test's events and the checkpoint that would record it. */
    class CrashingCheckpoints extends Checkpoints {
      override async save(relay: string, position: Position | 'start'): Promise<void> {
        if (position !== 'start' && position.prepare >= first.position.prepare) throw new Error('process killed before the checkpoint was written');
        await super.save(relay, position);
      }
    }
    const errors: unknown[] = [];
    const crashing = startRelay(name, topic, { checkpoints: new CrashingCheckpoints(pool), onError: (error) => errors.push(error) });
    await eventually(() => errors.some((e) => (e as Error).message.includes('process killed')), 20_000);
    await crashing.stop();

    running.push(startRelay(name, topic));
    // The crashed relay may have published the batch more than once before it was stopped: at least twice in all.
    await eventually(() => recorder.messages.length >= 8, 20_000);
    await eventually(() => handled.length === 4, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handled).toEqual(events.map((e) => e.id));
  });

  it('keeps retrying while the broker is down and delivers everything once it is back', async () => {
    if (!KafkaTestBroker.isAvailable() || process.env.KAFKA_BROKERS) {
      process.stderr.write('SKIPPED test "broker down": needs the mock broker of tools/kafka-test-broker for fault injection\n');
      return;
    }
    const broker = await KafkaTestBroker.start();
    const privateSettings = testKafkaSettings(broker.bootstrapServers.join(','), { logLevel: 'nothing' });
    const privatePublisher = await KafkaPublisher.connect(privateSettings);
    const name = `relay-${randomUUID()}`;
    const topic = uniqueTopic('relay');
    try {
      await store.appendToStream(`${name}/agg-1`, numberedEvents('thing.happened', 1), { expectedVersion: 'no_stream' });
      const relay = startRelay(name, topic, { publisher: privatePublisher });
      const checkpoints = new Checkpoints(pool);
      const [relayed] = await store.readStream(`${name}/agg-1`);
      const passed = async (position: Position) => {
        const at = await checkpoints.load(name);
        return at !== 'start' && at.prepare >= position.prepare;
      };
      await eventually(() => passed(relayed.position), 20_000);
      const before = (await checkpoints.load(name)) as Position;

      await broker.setBrokerDown();
      await store.appendToStream(`${name}/agg-1`, numberedEvents('thing.happened', 2), { expectedVersion: 0n });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await checkpoints.load(name)).toEqual(before);

      await broker.setBrokerUp();
      const [, , last] = await store.readStream(`${name}/agg-1`);
      await eventually(() => passed(last.position), 30_000);
      await relay.stop();
      const recorder = await recordTopic(privateSettings, [topic]);
      await eventually(() => recorder.messages.length >= 3, 20_000);
      await recorder.stop();
      expect(new Set(recorder.messages.map((m) => decodeEnvelope(m.value).id)).size).toBe(3);
    } finally {
      await privatePublisher.disconnect();
      await broker.stop();
    }
  });
});
