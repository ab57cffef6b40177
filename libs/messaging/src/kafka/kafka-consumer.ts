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
 * Feeds a consumer group's messages, a partition's batch at a time and in order, to a MessageProcessor (or any receiver).
 * The offset is committed only after the batch was handled or dead-lettered, so a crash redelivers, never loses.
 */
export class KafkaMessageConsumer {
  private constructor(private readonly consumer: Consumer) {}

  static async start(settings: KafkaSettings, options: KafkaConsumerOptions, receiver: MessageReceiver): Promise<KafkaMessageConsumer> {
    const consumer = createKafka(settings).consumer({ groupId: options.groupId, allowAutoTopicCreation: settings.autoCreateTopics, maxWaitTimeInMs: settings.fetchMaxWaitMs });
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      // Whole batches of a partition, so the processor can run them as one unit of work; the offset moves once the batch is done.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const received = batch.messages.map((message) => ({
          received: { topic: batch.topic, key: message.key?.toString() ?? null, value: message.value, headers: textHeaders(message.headers) } satisfies IncomingMessage,
        }));
        await receiver.receive(received);
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        await heartbeat();
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
