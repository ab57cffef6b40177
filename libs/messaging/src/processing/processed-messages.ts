import type { Pool } from 'pg';

/** Remembers which message ids a consumer has handled, so a redelivery is acknowledged without effect. */
export interface ProcessedMessages {
  has(consumer: string, messageId: string): Promise<boolean>;
  mark(consumer: string, messageId: string): Promise<void>;
}

export class PostgresProcessedMessages implements ProcessedMessages {
  constructor(private readonly pool: Pool) {}

  async has(consumer: string, messageId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM messaging.processed_messages WHERE consumer = $1 AND message_id = $2', [consumer, messageId]);
    return (rowCount ?? 0) > 0;
  }

  async mark(consumer: string, messageId: string): Promise<void> {
    await this.pool.query('INSERT INTO messaging.processed_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [consumer, messageId]);
  }
}
