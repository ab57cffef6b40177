import type { Pool, PoolClient } from 'pg';
import { Gauge, type Registry } from 'prom-client';
import { comparePositions, type EventStore, type Position, type RecordedEvent, type Subscription } from '@referral-ledger/event-store';
import { inTransaction, migrate } from '@referral-ledger/postgres';
import type { Projection } from './projection';
import { PROJECTION_MIGRATIONS } from './schema';

export interface ProjectionRunnerOptions {
  pool: Pool;
  store: EventStore;
  projection: Projection;
  batchSize?: number;
  /** Where `projection_lag_seconds{projection}` is reported. */
  registry?: Registry;
  now?: () => Date;
  /** A failing batch is rolled back and retried after this delay; the projection never skips an event. */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

/** Another runner of the same projection moved the checkpoint: this one must re-read it, not apply twice. */
class CheckpointMovedError extends Error {}

/**
 * Keeps one projection up to date: each batch of events and the new checkpoint are written in one
 * transaction, so a crash never applies an event twice or skips one. `rebuild` replays from the start.
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private checkpoint: Position | 'start' = 'start';
  private lagSeconds = 0;
  private stopped = true;

  private constructor(private readonly options: ProjectionRunnerOptions) {
    if (options.registry) reportLag(options.registry, this);
  }

  get name(): string {
    return this.options.projection.name;
  }

  static async start(options: ProjectionRunnerOptions): Promise<ProjectionRunner> {
    await migrate(options.pool, 'projections', PROJECTION_MIGRATIONS);
    await migrate(options.pool, `projection:${options.projection.name}`, options.projection.migrations);
    const runner = new ProjectionRunner(options);
    await runner.resume();
    return runner;
  }

  get position(): Position | 'start' {
    return this.checkpoint;
  }

  /** Seconds between now and the newest event applied, while more events wait; 0 once caught up. */
  get lag(): number {
    return this.lagSeconds;
  }

  /** Resolves once every event committed before the call has been applied. */
  async caughtUp(pollMs = 20): Promise<void> {
    const head = await this.options.store.headPosition();
    while (head && (this.checkpoint === 'start' || comparePositions(this.checkpoint, head) < 0)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Empties the projection's tables and replays every event from the beginning. */
  async rebuild(): Promise<void> {
    await this.stop();
    const { pool, projection } = this.options;
    await inTransaction(pool, async (client) => {
      for (const table of projection.tables) await client.query(`TRUNCATE ${table}`);
      await client.query('UPDATE projections.checkpoints SET commit_position = 0, prepare_position = 0 WHERE projection = $1', [projection.name]);
    });
    await this.resume();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  private async resume(): Promise<void> {
    this.stopped = false;
    // The row must exist before the first batch: replicas serialise on its row lock.
    await this.options.pool.query(
      'INSERT INTO projections.checkpoints (projection, commit_position, prepare_position) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING',
      [this.options.projection.name],
    );
    this.checkpoint = await this.loadCheckpoint(this.options.pool);
    this.subscription = this.options.store.subscribeToAll(
      { fromPosition: this.checkpoint, maxBatchSize: this.options.batchSize ?? 500 },
      (events) => this.apply(events),
    );
    // The failed batch was rolled back: start again from the stored checkpoint (which another
    // replica may have moved meanwhile), after a pause unless that is all that happened.
    this.subscription.finished.catch(async (error) => {
      if (!(error instanceof CheckpointMovedError)) {
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1_000));
      }
      if (!this.stopped) await this.resume();
    });
  }

  private async apply(events: RecordedEvent[]): Promise<void> {
    const { pool, projection } = this.options;
    const last = events[events.length - 1];
    await inTransaction(pool, async (client) => {
      const stored = await this.loadCheckpoint(client, true);
      if (!samePosition(stored, this.checkpoint)) throw new CheckpointMovedError(projection.name);
      await projection.handle(events, client);
      await client.query(
        'UPDATE projections.checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE projection = $1',
        [projection.name, last.position.commit.toString(), last.position.prepare.toString()],
      );
    });
    this.checkpoint = last.position;
    const full = events.length >= (this.options.batchSize ?? 500);
    const now = this.options.now?.() ?? new Date();
    this.lagSeconds = full ? Math.max(0, (now.getTime() - last.recordedAt.getTime()) / 1000) : 0;
  }

  private async loadCheckpoint(db: Pool | PoolClient, forUpdate = false): Promise<Position | 'start'> {
    const { rows } = await db.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position, prepare_position FROM projections.checkpoints WHERE projection = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [this.options.projection.name],
    );
    const position = rows[0] && { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
    return position && position.commit > 0n ? position : 'start';
  }
}

function samePosition(a: Position | 'start', b: Position | 'start'): boolean {
  if (a === 'start' || b === 'start') return a === b;
  return comparePositions(a, b) === 0;
}

const runnersByRegistry = new WeakMap<Registry, Set<ProjectionRunner>>();

/** One gauge per registry, reading every runner registered there at scrape time. */
function reportLag(registry: Registry, runner: ProjectionRunner): void {
  let runners = runnersByRegistry.get(registry);
  if (!runners) {
    const tracked = new Set<ProjectionRunner>();
    runners = tracked;
    runnersByRegistry.set(registry, tracked);
    new Gauge({
      name: 'projection_lag_seconds',
      help: 'Age of the newest applied event while more are waiting; 0 when caught up',
      labelNames: ['projection'],
      registers: [registry],
      collect() {
        for (const r of tracked) this.set({ projection: r.name }, r.lag);
      },
    });
  }
  runners.add(runner);
}
