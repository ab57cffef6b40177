import { randomUUID } from 'node:crypto';
import { serverAddress } from '@referral-ledger/testing';
import type { EventEnvelope } from '../envelope/event-envelope';
import { KafkaMessageConsumer } from '../kafka/kafka-consumer';
import { kafkaSettingsFor, type KafkaSettings } from '../kafka/kafka-settings';
import type { IncomingMessage } from '../message';

/** Settings for the test broker: librdkafka's mock refuses idempotent producers (DESIGN.md §10). */
export function testKafkaSettings(brokers = serverAddress('kafka') as string, overrides: Partial<KafkaSettings> = {}): KafkaSettings {
  const onMockBroker = !process.env.KAFKA_BROKERS;
  return kafkaSettingsFor(brokers, `test-${randomUUID().slice(0, 8)}`, { idempotentProducer: !onMockBroker, autoCreateTopics: true, ...overrides });
}

export function uniqueTopic(label: string): string {
  return `test.${label}.${randomUUID().slice(0, 8)}`;
}

export function anEnvelope(type: string, data: object, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type,
    source: '/tests',
    subject: 'subject-1',
    time: '2026-01-01T00:00:00.000Z',
    datacontenttype: 'application/json',
    data,
    correlationid: randomUUID(),
    schemaversion: 1,
    ...overrides,
  };
}

/** A consumer group that records every raw message of `topics`, e.g. to inspect a DLQ. */
export async function recordTopic(settings: KafkaSettings, topics: string[]): Promise<{ messages: IncomingMessage[]; stop(): Promise<void> }> {
  const messages: IncomingMessage[] = [];
  const consumer = await KafkaMessageConsumer.start(
    settings,
    { groupId: `recorder-${randomUUID()}`, topics },
    {
      receive: async (batch) => void messages.push(...batch.map(({ received }) => ({ ...received, value: received.value ?? null }))),
    },
  );
  return { messages, stop: () => consumer.stop() };
}
