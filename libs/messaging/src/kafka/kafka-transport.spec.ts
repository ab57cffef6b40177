import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { SchemaValidator } from '@referral-ledger/contracts';
import { createPool, migrate } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, eventually, type TestDatabase } from '@referral-ledger/testing';
import { DeadLetterHeaders, TopicDeadLetterSink } from '../dead-letters/dead-letter-sink';
import { encodeEnvelope, type EventEnvelope } from '../envelope/event-envelope';
import { MessageProcessor, type EventHandler } from '../processing/message-processor';
import { PostgresProcessedMessages } from '../processing/processed-messages';
import { MESSAGING_MIGRATIONS } from '../schema';
import { anEnvelope, recordTopic, testKafkaSettings, uniqueTopic } from '../test-support/kafka-fixtures';
import { KafkaMessageConsumer } from './kafka-consumer';
import { KafkaPublisher } from './kafka-publisher';

const schemas = new SchemaValidator({
  'payment.succeeded': {
    type: 'object',
    required: ['customerId', 'amount'],
    properties: { customerId: { type: 'string' }, amount: { type: 'integer', minimum: 0 } },
  },
});

describeWith(['kafka', 'postgres'], 'Kafka transport over the network', () => {
  const settings = testKafkaSettings();
  let database: TestDatabase;
  let pool: Pool;
  let publisher: KafkaPublisher;
  const running: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    database = await createTestDatabase('messaging');
    pool = createPool(database.url);
    await migrate(pool, [MESSAGING_MIGRATIONS]);
    publisher = await KafkaPublisher.connect(settings);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await publisher.disconnect();
    await pool.end();
    await database.drop();
  });

  async function consume(topic: string, handler: EventHandler, groupId = `group-${randomUUID()}`) {
    const processor = new MessageProcessor({
      consumer: groupId,
      handlers: new Map([['payment.succeeded', handler]]),
      deadLetters: new TopicDeadLetterSink(publisher),
      schemas,
      processed: new PostgresProcessedMessages(pool),
      retry: { attempts: 3, initialDelayMs: 20 },
    });
    running.push(await KafkaMessageConsumer.start(settings, { groupId, topics: [topic] }, processor));
  }

  const publish = (topic: string, value: Buffer | string, key = 'customer-1') =>
    publisher.publish([{ topic, key, value: Buffer.from(value), headers: { 'content-type': 'application/cloudevents+json' } }]);

  it('delivers published events to a consumer group, key and envelope intact', async () => {
    const topic = uniqueTopic('payments');
    const received: Array<{ event: EventEnvelope; key: string | null }> = [];
    await consume(topic, async (event, context) => void received.push({ event, key: context.key }));
    const sent = anEnvelope('payment.succeeded', { customerId: 'c1', amount: 120000 });
    await publish(topic, encodeEnvelope(sent), 'c1');
    await eventually(() => received.length === 1, 20_000);
    expect(received[0]).toEqual({ event: sent, key: 'c1' });
  });

  it('dead-letters every kind of malformed message with the reason, and goes on with the next one', async () => {
    const topic = uniqueTopic('payments');
    const handled: EventEnvelope[] = [];
    const dlq = await recordTopic(settings, [`${topic}.dlq`]);
    running.push(dlq);
    await consume(topic, async (event) => void handled.push(event));

    const valid = anEnvelope('payment.succeeded', { customerId: 'c1', amount: 1 });
    await publish(topic, 'this is not json');
    await publish(topic, JSON.stringify({ hello: 'world' }));
    await publish(topic, encodeEnvelope(anEnvelope('payment.teleported', { customerId: 'c1' })));
    await publish(topic, encodeEnvelope(anEnvelope('payment.succeeded', { customerId: 'c1', amount: 12.5 })));
    await publish(topic, encodeEnvelope(valid));

    await eventually(() => handled.length === 1 && dlq.messages.length === 4, 20_000);
    expect(handled[0].id).toBe(valid.id);
    const errors = dlq.messages.map((m) => m.headers[DeadLetterHeaders.error]);
    expect(errors[0]).toMatch(/not JSON/);
    expect(errors[1]).toMatch(/invalid envelope: specversion must be "1.0"; id is required/);
    expect(errors[2]).toMatch(/unknown event type "payment.teleported"/);
    expect(errors[3]).toMatch(/\/amount must be integer/);
    expect(dlq.messages[0]).toMatchObject({ key: 'customer-1', value: Buffer.from('this is not json') });
    expect(dlq.messages[0].headers).toMatchObject({ [DeadLetterHeaders.sourceTopic]: topic, [DeadLetterHeaders.errorAt]: expect.stringMatching(/^\d{4}-/) });
  });

  it('retries a failing handler a bounded number of times, then dead-letters the message', async () => {
    const topic = uniqueTopic('payments');
    const attempts = new Map<string, number>();
    const dlq = await recordTopic(settings, [`${topic}.dlq`]);
    running.push(dlq);
    await consume(topic, async (event) => {
      const count = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, count);
      if ((event.data as { amount: number }).amount === 666 || count < 2) throw new Error(`ledger unavailable (attempt ${count})`);
    });
    const flaky = anEnvelope('payment.succeeded', { customerId: 'c1', amount: 1 });
    const broken = anEnvelope('payment.succeeded', { customerId: 'c1', amount: 666 });
    await publish(topic, encodeEnvelope(flaky));
    await publish(topic, encodeEnvelope(broken));

    await eventually(() => dlq.messages.length === 1, 20_000);
    expect(attempts.get(flaky.id)).toBe(2);
    expect(attempts.get(broken.id)).toBe(3);
    expect(dlq.messages[0].headers[DeadLetterHeaders.error]).toBe('Error: ledger unavailable (attempt 3)');
  });

  it('handles an event delivered twice only once', async () => {
    const topic = uniqueTopic('payments');
    const groupId = `group-${randomUUID()}`;
    const handled: string[] = [];
    const event = anEnvelope('payment.succeeded', { customerId: 'c1', amount: 5 });
    await consume(topic, async (e) => void handled.push(e.id), groupId);
    await publish(topic, encodeEnvelope(event));
    await publish(topic, encodeEnvelope(event));
    const marker = anEnvelope('payment.succeeded', { customerId: 'c1', amount: 6 });
    await publish(topic, encodeEnvelope(marker));
    await eventually(() => handled.includes(marker.id), 20_000);
    expect(handled).toEqual([event.id, marker.id]);
  });
});
