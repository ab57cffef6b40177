import type { Pool } from 'pg';

/** Remembers which message ids a consumer has handled, so a redelivery is acknowledged without effect. */
export interface ProcessedMessages {
  /** Which of the ids were handled already: one query for a batch. */
  handledAmong(consumer: string, messageIds: readonly string[]): Promise<Set<string>>;
  markAll(consumer: string, messageIds: readonly string[]): Promise<void>;
}

export class PostgresProcessedMessages implements ProcessedMessages {
  constructor(private readonly pool: Pool) {}

  async handledAmong(consumer: string, messageIds: readonly string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const { rows } = await this.pool.query<{ message_id: string }>('SELECT message_id FROM messaging.processed_messages WHERE consumer = $1 AND message_id = ANY ($2::text[])', [
      consumer,
      messageIds,
    ]);
    return new Set(rows.map((row) => row.message_id));
  }

  async markAll(consumer: string, messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.pool.query('INSERT INTO messaging.processed_messages (consumer, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [consumer, messageIds]);
  }
}
