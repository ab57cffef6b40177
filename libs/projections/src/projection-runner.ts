import type { Pool, PoolClient } from 'pg';
import type { Registry } from 'prom-client';
import { comparePositions, type EventStore, type Position, type RecordedEvent, type Subscription } from '@referral-ledger/event-store';
import { inTransaction } from '@referral-ledger/postgres';
import { isTransientError, supervise, type SupervisedLoop } from '@referral-ledger/resilience';
import { Checkpoints } from './checkpoints';
import { ParkedEvents } from './parking/parked-events';
import { tablesOf, type Projection } from './projection';
import { reportSubscriberLag, type LaggingSubscriber } from './subscriber-lag';

export interface ProjectionRunnerOptions {
  pool: Pool;
  store: EventStore;
  projection: Projection;
  batchSize?: number;
  /** Where `subscriber_lag_seconds{subscriber}` is reported. */
  registry?: Registry;
  now?: () => Date;
  /** Attempts at one event, inside its batch, before it is parked. */
  attemptsBeforeParking?: number;
  /** A batch that touched nothing moves the stored checkpoint at most this often. */
  checkpointIntervalMs?: number;
  /** A failure (a database outage, say) is reported here; the runner restarts with backoff. */
  onError?: (error: unknown) => void;
}

/** Another runner of the same projection moved the checkpoint: this one must re-read it, not apply twice. */
class CheckpointMovedError extends Error {}

/**
 * Keeps one projection up to date: each batch of events and the new checkpoint are written in one
 * transaction, so a crash never applies an event twice or skips one. An event that still fails after a
 * few attempts is parked (with its error) in the same transaction and the stream goes on; a database
 * outage rolls the batch back and the runner resumes, with backoff, once the database is back.
 */
export class ProjectionRunner implements LaggingSubscriber {
  private loop: SupervisedLoop | undefined;
  private subscription: Subscription | undefined;
  /** Applied in memory (batches that touched nothing are not all saved). */
  private checkpoint: Position | 'start' = 'start';
  /** As stored: replicas check it before writing. */
  private saved: Position | 'start' = 'start';
  private savedAt = 0;
  private readonly checkpoints: Checkpoints;
  private readonly parked: ParkedEvents;

  private constructor(private readonly options: ProjectionRunnerOptions) {
    this.checkpoints = new Checkpoints(options.pool);
    this.parked = new ParkedEvents(options.pool);
    if (options.registry) reportSubscriberLag(options.registry, this);
  }

  get name(): string {
    return this.options.projection.name;
  }

  get projection(): Projection {
    return this.options.projection;
  }

  /** Its tables and the checkpoints' must exist: `migrate` with `PROJECTION_MIGRATIONS` and `projectionSchema(projection)`. */
  static async start(options: ProjectionRunnerOptions): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(options);
    runner.resume();
    return runner;
  }

  get position(): Position | 'start' {
    return this.checkpoint;
  }

  get store(): EventStore {
    return this.options.store;
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
      for (const table of tablesOf(projection)) await client.query(`TRUNCATE ${table}`);
      await this.checkpoints.save(projection.name, 'start', client);
      await this.parked.forget(projection.name, client);
    });
    this.checkpoint = this.saved = 'start';
    this.resume();
  }

  /** Applies one event again, outside the stream's order: an operator's retry of a parked event. */
  async applyOne(event: RecordedEvent, client: PoolClient): Promise<void> {
    await this.options.projection.handle([event], client);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    this.loop = undefined;
    if (this.checkpoint !== this.saved) await this.checkpoints.save(this.name, this.checkpoint).catch(() => undefined);
  }

  /** Follows the store again, from the stored checkpoint, after `stop`. */
  resume(): void {
    const { store, batchSize, onError } = this.options;
    this.loop = supervise({
      run: async (stopping) => {
        await this.checkpoints.ensure(this.name);
        this.checkpoint = this.saved = await this.checkpoints.load(this.name);
        // Stopped while the checkpoint loaded: there is no subscription yet for `interrupt` to end.
        if (stopping()) return;
        this.subscription = store.subscribeToAll({ fromPosition: this.checkpoint, maxBatchSize: batchSize ?? 500 }, (events) => this.apply(events));
        await this.subscription.finished;
      },
      interrupt: () => this.subscription?.stop(),
      onError: (error) => {
        if (!(error instanceof CheckpointMovedError)) onError?.(error);
      },
      backoff: { attempts: Infinity, initialDelayMs: 20, maxDelayMs: 5_000 },
    });
  }

  private async apply(events: RecordedEvent[]): Promise<void> {
    const { pool, projection } = this.options;
    const last = events[events.length - 1].position;
    const relevant = events.filter(projection.canHandle);
    if (relevant.length === 0 && Date.now() - this.savedAt < (this.options.checkpointIntervalMs ?? 5_000)) {
      this.checkpoint = last;
      return;
    }
    const moved = async (client: PoolClient) => {
      if (!(await this.checkpoints.advance(this.name, this.saved, last, client))) throw new CheckpointMovedError(this.name);
    };
    try {
      // The whole batch and its checkpoint in one transaction.
      await inTransaction(pool, async (client) => {
        if (relevant.length > 0) await projection.handle(relevant, client);
        await moved(client);
      });
    } catch (error) {
      if (isTransientError(error) || error instanceof CheckpointMovedError) throw error;
      // Something in the batch fails for a reason of its own: event by event, parking the ones that keep failing.
      await inTransaction(pool, async (client) => {
        await this.applyEventByEvent(relevant, client);
        await moved(client);
      });
    }
    this.checkpoint = this.saved = last;
    this.savedAt = Date.now();
    if (relevant.length > 0) projection.committed?.();
  }

  private async applyEventByEvent(events: RecordedEvent[], client: PoolClient): Promise<void> {
    const attempt = async (event: RecordedEvent): Promise<unknown> => {
      await client.query('SAVEPOINT apply');
      try {
        await this.options.projection.handle([event], client);
        await client.query('RELEASE SAVEPOINT apply');
        return undefined;
      } catch (error) {
        if (isTransientError(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT apply');
        return error ?? new Error('unknown failure');
      }
    };
    const attempts = this.options.attemptsBeforeParking ?? 3;
    for (const event of events) {
      let failure: unknown;
      for (let tries = 1; tries <= attempts; tries++) {
        failure = await attempt(event);
        if (failure === undefined) break;
      }
      if (failure !== undefined) {
        this.options.onError?.(new Error(`${this.name}: event ${event.id} (${event.type}) parked: ${(failure as Error).message ?? failure}`, { cause: failure }));
        await this.parked.park(client, this.name, event, failure, attempts);
      }
    }
  }
}
