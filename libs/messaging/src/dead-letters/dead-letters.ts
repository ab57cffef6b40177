import type { Pool } from 'pg';
import type { IncomingMessage } from '../message';
import { describeError, type DeadLetterSink } from './dead-letter-sink';

export interface DeadLetter {
  id: string;
  consumer: string;
  message: IncomingMessage;
  error: string;
  failedAt: Date;
  replayedAt: Date | null;
  replayOutcome: string | null;
}

interface DeadLetterRow {
  id: bigint;
  consumer: string;
  source_topic: string;
  message_key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  error: string;
  failed_at: Date;
  replayed_at: Date | null;
  replay_outcome: string | null;
}

/** `messaging.dead_letters`: every dead letter of every consumer, for operators to list and replay. */
export class PostgresDeadLetters implements DeadLetterSink {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async deadLetter(message: IncomingMessage, error: Error, consumer: string): Promise<void> {
    await this.pool.query(`INSERT INTO messaging.dead_letters (consumer, source_topic, message_key, value, headers, error, failed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      consumer,
      message.topic,
      message.key,
      message.value,
      JSON.stringify(message.headers),
      describeError(error),
      this.now(),
    ]);
  }

  async list(options: { open?: boolean } = {}): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<DeadLetterRow>(`SELECT * FROM messaging.dead_letters ${options.open ? 'WHERE replayed_at IS NULL' : ''} ORDER BY id LIMIT 1000`);
    return rows.map(toDeadLetter);
  }

  async find(id: string): Promise<DeadLetter | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const { rows } = await this.pool.query<DeadLetterRow>('SELECT * FROM messaging.dead_letters WHERE id = $1', [id]);
    return rows[0] && toDeadLetter(rows[0]);
  }

  async markReplayed(id: string, outcome: string): Promise<void> {
    await this.pool.query('UPDATE messaging.dead_letters SET replayed_at = $2, replay_outcome = $3 WHERE id = $1', [id, this.now(), outcome]);
  }

  async openCounts(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ consumer: string; open: bigint }>(
      'SELECT consumer, count(*) AS open FROM messaging.dead_letters WHERE replayed_at IS NULL GROUP BY consumer',
    );
    return new Map(rows.map((row) => [row.consumer, Number(row.open)]));
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id.toString(),
    consumer: row.consumer,
    message: { topic: row.source_topic, key: row.message_key, value: row.value, headers: row.headers },
    error: row.error,
    failedAt: row.failed_at,
    replayedAt: row.replayed_at,
    replayOutcome: row.replay_outcome,
  };
}
