import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@referral-ledger/event-store';

export interface ParkedEvent {
  id: string;
  subscriber: string;
  eventId: string;
  eventType: string;
  streamName: string;
  error: string;
  attempts: number;
  parkedAt: Date;
  resolvedAt: Date | null;
  resolution: 'retried' | 'skipped' | null;
}

interface ParkedRow {
  id: bigint;
  subscriber: string;
  event_id: string;
  event_type: string;
  stream_name: string;
  error: string;
  attempts: number;
  parked_at: Date;
  resolved_at: Date | null;
  resolution: 'retried' | 'skipped' | null;
}

/** Events a projection could not apply, set aside with the error so the rest of the stream goes on. */
export class ParkedEvents {
  constructor(private readonly pool: Pool) {}

  /** Inside the batch's transaction: the parking and the checkpoint that moves past the event commit together. */
  async park(client: PoolClient, subscriber: string, event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
    await client.query(
      `INSERT INTO projections.parked_events (subscriber, event_id, event_type, stream_name, commit_position, prepare_position, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (subscriber, event_id) DO UPDATE SET error = EXCLUDED.error, attempts = projections.parked_events.attempts + EXCLUDED.attempts,
         parked_at = now(), resolved_at = NULL, resolution = NULL`,
      [subscriber, event.id, event.type, event.streamName, event.position.commit.toString(), event.position.prepare.toString(), describe(error), attempts],
    );
  }

  async list(options: { open?: boolean } = {}): Promise<ParkedEvent[]> {
    const { rows } = await this.pool.query<ParkedRow>(`SELECT * FROM projections.parked_events ${options.open ? 'WHERE resolved_at IS NULL' : ''} ORDER BY id LIMIT 1000`);
    return rows.map(toParkedEvent);
  }

  async find(id: string): Promise<ParkedEvent | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const { rows } = await this.pool.query<ParkedRow>('SELECT * FROM projections.parked_events WHERE id = $1', [id]);
    return rows[0] && toParkedEvent(rows[0]);
  }

  async resolve(id: string, resolution: 'retried' | 'skipped', client: Pool | PoolClient = this.pool): Promise<void> {
    await client.query('UPDATE projections.parked_events SET resolved_at = now(), resolution = $2 WHERE id = $1', [id, resolution]);
  }

  /** Open parked events per subscriber, for metrics and readiness. */
  async openCounts(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ subscriber: string; open: bigint }>(
      'SELECT subscriber, count(*) AS open FROM projections.parked_events WHERE resolved_at IS NULL GROUP BY subscriber',
    );
    return new Map(rows.map((row) => [row.subscriber, Number(row.open)]));
  }

  /** A rebuild replays everything: what was parked is tried again. */
  async forget(subscriber: string, client: PoolClient): Promise<void> {
    await client.query('DELETE FROM projections.parked_events WHERE subscriber = $1', [subscriber]);
  }
}

function toParkedEvent(row: ParkedRow): ParkedEvent {
  return {
    id: row.id.toString(),
    subscriber: row.subscriber,
    eventId: row.event_id,
    eventType: row.event_type,
    streamName: row.stream_name,
    error: row.error,
    attempts: row.attempts,
    parkedAt: row.parked_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 4_000);
}
