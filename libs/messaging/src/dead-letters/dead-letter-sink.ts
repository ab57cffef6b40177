import { deadLetterTopic } from '@referral-ledger/contracts';
import type { IncomingMessage, MessagePublisher } from '../message';

/** Where a message goes when it cannot be handled. Nothing is dropped silently. */
export interface DeadLetterSink {
  deadLetter(message: IncomingMessage, error: Error, consumer: string): Promise<void>;
}

export const DeadLetterHeaders = { error: 'x-error', errorAt: 'x-error-at', sourceTopic: 'x-source-topic', consumer: 'x-consumer' } as const;

/** Publishes the original bytes and key to `<topic>.dlq`, with the reason in headers (DESIGN.md §4). */
export class TopicDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly publisher: MessagePublisher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async deadLetter(message: IncomingMessage, error: Error, consumer: string): Promise<void> {
    await this.publisher.publish([
      {
        topic: deadLetterTopic(message.topic),
        key: message.key ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: {
          ...message.headers,
          [DeadLetterHeaders.error]: describeError(error),
          [DeadLetterHeaders.errorAt]: this.now().toISOString(),
          [DeadLetterHeaders.sourceTopic]: message.topic,
          [DeadLetterHeaders.consumer]: consumer,
        },
      },
    ]);
  }
}

/** Every sink gets the message: on Kafka the public `<topic>.dlq` and the table operators replay from. */
export function toAllSinks(...sinks: DeadLetterSink[]): DeadLetterSink {
  return { deadLetter: async (message, error, consumer) => void (await Promise.all(sinks.map((sink) => sink.deadLetter(message, error, consumer)))) };
}

export function describeError(error: Error): string {
  return `${error.name}: ${error.message}`.slice(0, 4_000);
}
