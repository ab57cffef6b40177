import type { Pool, PoolClient } from 'pg';
import type { Position } from '@referral-ledger/event-store';

type Queryable = Pool | PoolClient;

/**
 * Where every subscriber of the store (projection, relay, consumer group) keeps the last position it has
 * fully handled. A projection saves it in the transaction of its batch; others right after the batch.
 */
export class Checkpoints {
  constructor(private readonly pool: Pool) {}

  /** The row must exist before the first batch: replicas of one subscriber serialise on its row lock. */
  async ensure(subscriber: string): Promise<void> {
    await this.pool.query('INSERT INTO projections.checkpoints (projection, commit_position, prepare_position) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING', [subscriber]);
  }

  async load(subscriber: string, db: Queryable = this.pool): Promise<Position | 'start'> {
    const { rows } = await db.query<{ commit_position: string; prepare_position: string }>(
      'SELECT commit_position, prepare_position FROM projections.checkpoints WHERE projection = $1',
      [subscriber],
    );
    const position = rows[0] && { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
    return position && (position.commit > 0n || position.prepare > 0n) ? position : 'start';
  }

  /**
   * Moves the checkpoint from `from` to `to` in one statement, as long as no other replica moved it meanwhile
   * (the row stays locked until the caller's transaction ends). Returns false, writing nothing, if it had moved.
   */
  async advance(subscriber: string, from: Position | 'start', to: Position, db: Queryable): Promise<boolean> {
    const [fromCommit, fromPrepare] = from === 'start' ? ['0', '0'] : [from.commit.toString(), from.prepare.toString()];
    const { rowCount } = await db.query(
      `UPDATE projections.checkpoints SET commit_position = $4, prepare_position = $5, updated_at = now()
       WHERE projection = $1 AND commit_position = $2 AND prepare_position = $3`,
      [subscriber, fromCommit, fromPrepare, to.commit.toString(), to.prepare.toString()],
    );
    return rowCount === 1;
  }

  async save(subscriber: string, position: Position | 'start', db: Queryable = this.pool): Promise<void> {
    const [commit, prepare] = position === 'start' ? ['0', '0'] : [position.commit.toString(), position.prepare.toString()];
    await db.query(
      `INSERT INTO projections.checkpoints (projection, commit_position, prepare_position) VALUES ($1, $2, $3)
       ON CONFLICT (projection) DO UPDATE SET commit_position = EXCLUDED.commit_position, prepare_position = EXCLUDED.prepare_position, updated_at = now()`,
      [subscriber, commit, prepare],
    );
  }

  /**
   * Binds the checkpoints to the event store they are positions in, and refuses another: after a switch from
   * Postgres to EventStoreDB (or back) every subscriber would resume from a meaningless position. Checkpoints
   * still at the start may move to another store.
   */
  async bindToEventStore(eventStore: string): Promise<void> {
    const { rows } = await this.pool.query<{ event_store: string }>(
      `INSERT INTO projections.checkpoint_origin (event_store) VALUES ($1)
       ON CONFLICT (singleton) DO UPDATE SET event_store = EXCLUDED.event_store, bound_at = now()
         WHERE NOT EXISTS (SELECT 1 FROM projections.checkpoints WHERE commit_position > 0 OR prepare_position > 0)
       RETURNING event_store`,
      [eventStore],
    );
    if (rows.length > 0) return;
    const { rows: bound } = await this.pool.query<{ event_store: string }>('SELECT event_store FROM projections.checkpoint_origin');
    if (bound[0]?.event_store === eventStore) return;
    throw new CheckpointOriginError(bound[0]?.event_store ?? 'unknown', eventStore);
  }
}

export class CheckpointOriginError extends Error {
  constructor(
    readonly boundTo: string,
    readonly configured: string,
  ) {
    super(
      `The checkpoints in this database are positions in the ${boundTo} event store, but this process is configured for ${configured}. ` +
        `Point it back at ${boundTo}, or, having copied every event to ${configured}, delete the rows of projections.checkpoints so every projection and consumer starts over from the beginning (handlers are idempotent).`,
    );
    this.name = 'CheckpointOriginError';
  }
}
