import { Client, type Pool } from 'pg';
import { createPool, migrate } from '@referral-ledger/postgres';
import { supervise, type SupervisedLoop } from '@referral-ledger/resilience';
import { assertAppendable, assertStreamsDistinct } from '../append-rules';
import { subscribeByPolling } from '../catch-up-subscription';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, StreamAppend, SubscribeOptions, SubscriptionHandler } from '../event-store';
import { GroupCommit } from '../group-commit';
import { TailCache } from '../tail-cache';
import { Wakeup } from '../wakeup';
import { APPENDED_CHANNEL, EVENT_STORE_MIGRATIONS } from './schema';

export interface PostgresEventStoreOptions {
  /** Fallback for other processes' appends when a notification is missed; appends of this process wake readers at once. */
  pollIntervalMs?: number;
  /** LISTEN for other processes' appends on a connection of its own (default true). */
  notifications?: boolean;
  /** Longest an append waits for the append lock (e.g. behind a writer stuck in a transaction) before failing, retryably. */
  appendLockTimeoutMs?: number;
  onListenError?: (error: unknown) => void;
}

interface EventRow {
  global_position: bigint;
  stream_name: string;
  stream_version: bigint;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
}

interface AppendOutcome {
  append_index: number;
  outcome: 'appended' | 'retried' | 'conflict' | 'duplicate';
  version: bigint | null;
  detail: string | null;
}

const SELECT_EVENTS = `SELECT global_position, stream_name, stream_version, event_id, event_type, data, metadata, recorded_at FROM event_store.events`;

export class PostgresEventStore implements EventStore {
  private readonly wakeup = new Wakeup();
  private readonly appends: GroupCommit<StreamAppend, AppendResult>;
  private listener: SupervisedLoop | undefined;
  private readonly tail = new TailCache((options) => this.readAll(options));

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    private readonly options: PostgresEventStoreOptions,
  ) {
    // Two flushes overlap one batch's round trip with the other's commit; a single-connection pool (PGlite) gains nothing.
    this.appends = new GroupCommit((requests) => this.appendBatch(requests, false), pool.options.max === 1 ? 1 : 2);
  }

  /**
   * Connects to a URL and applies the store's migrations, or runs through a pool the caller owns and has migrated
   * (with `EVENT_STORE_MIGRATIONS` among its own, in one TypeORM run).
   */
  static async create(connection: string | Pool, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    if (typeof connection !== 'string') return new PostgresEventStore(connection, false, options);
    const pool = createPool(connection, { application_name: 'event-store' });
    await migrate(pool, [EVENT_STORE_MIGRATIONS]);
    return new PostgresEventStore(pool, true, options);
  }

  /** Concurrent appends share one statement and one commit (group commit); each keeps its own concurrency check. */
  async appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(streamName, events);
    return this.appends.submit({ streamName, events, expectedVersion: options.expectedVersion });
  }

  /** One statement, one commit, all or none; not grouped with other writers, whose appends must not fail with it. */
  async appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    for (const { streamName, events } of appends) assertAppendable(streamName, events);
    assertStreamsDistinct(appends);
    if (appends.length === 0) return [];
    try {
      const results = await this.appendBatch(appends, true);
      return results.map((result) => {
        if (result instanceof Error) throw result;
        return result;
      });
    } catch (error) {
      throw atomicAppendFailure(error, appends);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(`${SELECT_EVENTS} WHERE stream_name = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`, [
      streamName,
      (options.fromVersion ?? 0n).toString(),
      options.maxCount ?? null,
    ]);
    return rows.map(toRecordedEvent);
  }

  async readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const { rows } = await this.pool.query<EventRow>(`${SELECT_EVENTS} WHERE stream_name = ANY ($1::text[]) ORDER BY stream_name, stream_version`, [streamNames]);
    const streams = new Map<string, RecordedEvent[]>();
    for (const row of rows) {
      const events = streams.get(row.stream_name) ?? [];
      events.push(toRecordedEvent(row));
      streams.set(row.stream_name, events);
    }
    return streams;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(`${SELECT_EVENTS} WHERE global_position > $1 ORDER BY global_position LIMIT $2`, [
      (options.fromPosition?.prepare ?? 0n).toString(),
      options.maxCount ?? null,
    ]);
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ head: bigint | null }>('SELECT max(global_position) AS head FROM event_store.events');
    const head = rows[0]?.head;
    return head === null || head === undefined ? undefined : positionOf(head);
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler) {
    if (this.options.notifications !== false) this.listener ??= this.listen();
    return subscribeByPolling({ readAll: (o) => this.tail.read(o), wakeup: this.wakeup, pollIntervalMs: this.options.pollIntervalMs ?? 250 }, options, handler);
  }

  async close(): Promise<void> {
    this.wakeup.notify();
    await this.listener?.stop();
    this.listener = undefined;
    if (this.ownsPool) await this.pool.end();
  }

  private async appendBatch(requests: readonly StreamAppend[], atomic: boolean): Promise<Array<AppendResult | Error>> {
    const events = requests.flatMap((request) => request.events);
    const firsts: number[] = [];
    for (let i = 0, first = 1; i < requests.length; first += requests[i].events.length, i++) firsts.push(first);
    const { rows: outcomes } = await this.pool.query<AppendOutcome>(
      'SELECT append_index, outcome, version, detail FROM event_store.append_batch($1::text[], $2::text[], $3::int[], $4::int[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[], $9::int, $10::boolean)',
      [
        requests.map((r) => r.streamName),
        requests.map((r) => String(r.expectedVersion)),
        firsts,
        requests.map((r) => r.events.length),
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
        this.options.appendLockTimeoutMs ?? 10_000,
        atomic,
      ],
    );
    if (outcomes.some((o) => o.outcome === 'appended')) this.wakeup.notify();
    return requests.map((request, index) => {
      const { outcome, version, detail } = outcomes[index];
      if (outcome === 'conflict') return new WrongExpectedVersionError(request.streamName, request.expectedVersion, version ?? 'no_stream');
      if (outcome === 'duplicate') return new DuplicateEventIdError(request.streamName, (detail ?? '').split(','));
      return { nextExpectedVersion: version ?? -1n };
    });
  }

  /** Other processes' appends arrive by NOTIFY on a dedicated connection, re-established after any loss. */
  private listen(): SupervisedLoop {
    let client: Client | undefined;
    return supervise({
      run: async () => {
        client = new Client(this.pool.options);
        const lost = new Promise<never>((_, reject) => {
          client?.on('error', reject);
          client?.on('end', () => reject(new Error('LISTEN connection closed')));
        });
        lost.catch(() => undefined);
        client.on('notification', () => this.wakeup.notify());
        await client.connect();
        await client.query(`LISTEN ${APPENDED_CHANNEL}`);
        // Anything appended while the connection was down is found by this read.
        this.wakeup.notify();
        await lost;
      },
      interrupt: async () => void (await client?.end().catch(() => undefined)),
      onError: (error) => this.options.onListenError?.(error),
    });
  }
}

/** RL409 from an atomic append: which append failed (DETAIL, 1-based) and why, as the error a single append would throw. */
function atomicAppendFailure(error: unknown, appends: readonly StreamAppend[]): unknown {
  const { code, detail, hint, message } = error as { code?: string; detail?: string; hint?: string; message?: string };
  if (code !== 'RL409') return error;
  const failed = appends[Number(detail) - 1];
  if (message === 'duplicate event ids') return new DuplicateEventIdError(failed.streamName, (hint ?? '').split(','));
  return new WrongExpectedVersionError(failed.streamName, failed.expectedVersion, hint === 'no_stream' || hint === undefined ? 'no_stream' : BigInt(hint));
}

function positionOf(globalPosition: bigint): Position {
  return { commit: globalPosition, prepare: globalPosition };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    streamVersion: row.stream_version,
    position: positionOf(row.global_position),
    recordedAt: row.recorded_at,
  };
}
