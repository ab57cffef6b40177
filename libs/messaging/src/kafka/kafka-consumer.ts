import type { Consumer, IHeaders } from 'kafkajs';
import type { IncomingMessage, MessageReceiver } from '../message';
import { createKafka, type KafkaSettings } from './kafka-settings';

const PARTITIONS_AT_ONCE = 4;

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
  /** Per topic and partition: when the oldest message not handled yet was produced (undefined: caught up). */
  private readonly behindSince = new Map<string, number | undefined>();

  private constructor(private readonly consumer: Consumer) {}

  /** Age of the oldest message seen and not handled yet, over every partition this member consumes; 0 when caught up. */
  get lagSeconds(): number {
    const oldest = Math.min(...[...this.behindSince.values()].map((since) => since ?? Infinity));
    return Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0;
  }

  static async start(settings: KafkaSettings, options: KafkaConsumerOptions, receiver: MessageReceiver): Promise<KafkaMessageConsumer> {
    const consumer = createKafka(settings).consumer({ groupId: options.groupId, allowAutoTopicCreation: settings.autoCreateTopics, maxWaitTimeInMs: settings.fetchMaxWaitMs });
    const member = new KafkaMessageConsumer(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      // Partitions are independent (order is per key, a key lives on one partition): their batches run side by side.
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      // Whole batches of a partition, so the processor can run them as one unit of work; the offset moves once the batch is done.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const partition = `${batch.topic}/${batch.partition}`;
        member.behindSince.set(partition, member.behindSince.get(partition) ?? Number(batch.messages[0].timestamp));
        const received = batch.messages.map((message) => ({
          received: { topic: batch.topic, key: message.key?.toString() ?? null, value: message.value, headers: textHeaders(message.headers) } satisfies IncomingMessage,
        }));
        await receiver.receive(received);
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        // Caught up with what the broker had when it answered; otherwise behind since the next message, which is no older than this one.
        member.behindSince.set(partition, batch.offsetLag() === '0' ? undefined : Number(batch.messages[batch.messages.length - 1].timestamp));
        await heartbeat();
      },
    });
    return member;
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
