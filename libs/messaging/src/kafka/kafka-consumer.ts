import type { Consumer, IHeaders } from 'kafkajs';
import type { IncomingMessage, MessageReceiver } from '../message';
import { createKafka, type KafkaSettings } from './kafka-settings';

export interface KafkaConsumerOptions {
  groupId: string;
  topics: string[];
  /** A new group starts at the earliest offset, so nothing published before its first start is missed. */
  fromBeginning?: boolean;
}

/**
 * Feeds a consumer group's messages, one partition in order, through a MessageProcessor (or any receiver). The offset is
 * committed only after the message was handled or dead-lettered, so a crash redelivers, never loses.
 */
export class KafkaMessageConsumer {
  private constructor(private readonly consumer: Consumer) {}

  static async start(settings: KafkaSettings, options: KafkaConsumerOptions, processor: MessageReceiver): Promise<KafkaMessageConsumer> {
    const consumer = createKafka(settings).consumer({ groupId: options.groupId, allowAutoTopicCreation: settings.autoCreateTopics, maxWaitTimeInMs: settings.fetchMaxWaitMs });
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic, message }) => {
        const incoming: IncomingMessage = { topic, key: message.key?.toString() ?? null, value: message.value, headers: textHeaders(message.headers) };
        await processor.process(incoming);
      },
    });
    return new KafkaMessageConsumer(consumer);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) text[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return text;
}
