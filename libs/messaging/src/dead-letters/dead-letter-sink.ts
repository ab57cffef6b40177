import { deadLetterTopic } from '@referral-ledger/contracts';
import type { Pool } from 'pg';
import type { IncomingMessage, MessagePublisher } from '../message';

/** Where a message goes when it cannot be handled. Nothing is dropped silently. */
export interface DeadLetterSink {
  deadLetter(message: IncomingMessage, error: Error): Promise<void>;
}

export const DeadLetterHeaders = { error: 'x-error', errorAt: 'x-error-at', sourceTopic: 'x-source-topic' } as const;

/** Publishes the original bytes and key to `<topic>.dlq`, with the reason in headers (DESIGN.md §4). */
export class TopicDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly publisher: MessagePublisher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async deadLetter(message: IncomingMessage, error: Error): Promise<void> {
    await this.publisher.publish([
      {
        topic: deadLetterTopic(message.topic),
        key: message.key ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: {
          ...message.headers,
          [DeadLetterHeaders.error]: `${error.name}: ${error.message}`.slice(0, 4_000),
          [DeadLetterHeaders.errorAt]: this.now().toISOString(),
          [DeadLetterHeaders.sourceTopic]: message.topic,
        },
      },
    ]);
  }
}

/** Keeps dead letters in `messaging.dead_letters`, for the embedded mode where no broker holds a DLQ topic. */
export class PostgresDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async deadLetter(message: IncomingMessage, error: Error): Promise<void> {
    await this.pool.query(
      `INSERT INTO messaging.dead_letters (source_topic, message_key, value, headers, error, failed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [message.topic, message.key, message.value, JSON.stringify(message.headers), `${error.name}: ${error.message}`, this.now()],
    );
  }
}
