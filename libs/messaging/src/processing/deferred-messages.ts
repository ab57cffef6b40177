import type { Pool } from 'pg';
import type { IncomingMessage } from '../message';

export interface DeferredMessage {
  id: string;
  message: IncomingMessage;
  reason: string;
  /** When it stops waiting and is dead-lettered: set when it was first deferred, kept however often it is looked at again. */
  expiresAt: Date;
}

/** Messages that arrived before what they depend on, waiting (bounded) in Postgres, never in memory. */
export class DeferredMessages {
  constructor(private readonly pool: Pool) {}

  async defer(consumer: string, waitKey: string, message: IncomingMessage, reason: string, now: Date, expiresAt: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO messaging.deferred_messages (consumer, wait_key, topic, message_key, value, headers, reason, deferred_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [consumer, waitKey, message.topic, message.key, message.value, JSON.stringify(message.headers), reason, now, expiresAt],
    );
  }

  /** The keys something waits on: a later message of such a key waits behind it, so order is kept. */
  async waitingKeys(consumer: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ wait_key: string }>('SELECT DISTINCT wait_key FROM messaging.deferred_messages WHERE consumer = $1', [consumer]);
    return new Set(rows.map((row) => row.wait_key));
  }

  /** Removes and returns, in arrival order, what waits on the key (or, with `expiredAt`, what waited too long). */
  async take(consumer: string, filter: { waitKey: string } | { expiredAt: Date }): Promise<DeferredMessage[]> {
    const condition = 'waitKey' in filter ? 'wait_key = $2' : 'expires_at <= $2';
    const { rows } = await this.pool.query<{
      id: bigint;
      topic: string;
      message_key: string | null;
      value: Buffer | null;
      headers: Record<string, string>;
      reason: string;
      expires_at: Date;
    }>(`DELETE FROM messaging.deferred_messages WHERE consumer = $1 AND ${condition} RETURNING id, topic, message_key, value, headers, reason, expires_at`, [
      consumer,
      'waitKey' in filter ? filter.waitKey : filter.expiredAt,
    ]);
    return rows
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((row) => ({
        id: row.id.toString(),
        reason: row.reason,
        expiresAt: row.expires_at,
        message: { topic: row.topic, key: row.message_key, value: row.value, headers: row.headers },
      }));
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: bigint }>('SELECT count(*) AS n FROM messaging.deferred_messages');
    return Number(rows[0].n);
  }
}
