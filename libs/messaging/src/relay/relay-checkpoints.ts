import type { Pool } from 'pg';
import type { Position } from '@referral-ledger/event-store';

/** The relay's progress: the last position whose event the broker has acknowledged. */
export interface RelayCheckpointStore {
  load(relay: string): Promise<Position | 'start'>;
  save(relay: string, position: Position): Promise<void>;
}

export class PostgresRelayCheckpoints implements RelayCheckpointStore {
  constructor(private readonly pool: Pool) {}

  async load(relay: string): Promise<Position | 'start'> {
    const { rows } = await this.pool.query<{ commit_position: string; prepare_position: string }>(
      'SELECT commit_position, prepare_position FROM messaging.relay_checkpoints WHERE relay = $1',
      [relay],
    );
    return rows[0] ? { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) } : 'start';
  }

  async save(relay: string, position: Position): Promise<void> {
    await this.pool.query(
      `INSERT INTO messaging.relay_checkpoints (relay, commit_position, prepare_position) VALUES ($1, $2, $3)
       ON CONFLICT (relay) DO UPDATE SET commit_position = EXCLUDED.commit_position, prepare_position = EXCLUDED.prepare_position, updated_at = now()`,
      [relay, position.commit.toString(), position.prepare.toString()],
    );
  }
}
