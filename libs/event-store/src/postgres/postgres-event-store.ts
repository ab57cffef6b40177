import { Client, type Pool, type PoolClient } from 'pg';
import { createPool, inTransaction, migrate } from '@referral-ledger/postgres';
import { assertAppendable, assertExpectedVersion, isRetriedAppend, type StoredEventId } from '../append-rules';
import { subscribeByPolling } from '../catch-up-subscription';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, SubscriptionHandler } from '../event-store';
import { Wakeup } from '../wakeup';
import { APPENDED_CHANNEL, EVENT_STORE_MIGRATIONS } from './schema';

export interface PostgresEventStoreOptions {
  /** Fallback when a notification is missed or an older transaction held newer events back. */
  pollIntervalMs?: number;
}

interface EventRow {
  transaction_text: string;
  global_position: bigint;
  stream_name: string;
  stream_version: bigint;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
}

// The text form gets its own name: an output column named transaction_id would make ORDER BY sort text.
const SELECT_EVENTS = `SELECT transaction_id::text AS transaction_text, global_position, stream_name, stream_version, event_id, event_type, data, metadata, recorded_at
                       FROM event_store.events`;

export class PostgresEventStore implements EventStore {
  private readonly wakeup = new Wakeup();
  private listener: Promise<Client> | undefined;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    private readonly options: PostgresEventStoreOptions,
  ) {}

  /** Connects (to a URL, or through a pool the caller owns) and applies the schema migrations. */
  static async create(connection: string | Pool, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const pool = typeof connection === 'string' ? createPool(connection, { application_name: 'event-store' }) : connection;
    await migrate(pool, 'event-store', EVENT_STORE_MIGRATIONS);
    return new PostgresEventStore(pool, typeof connection === 'string', options);
  }

  async appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(streamName, events);
    return inTransaction(this.pool, async (client) => {
      // Serialises writers of one stream only. Taken before any write, so a later writer of the stream
      // also gets a later transaction id: stream order and global order agree.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamName]);
      const { version, stored } = await this.streamState(client, streamName, events);
      if (isRetriedAppend(streamName, events.map((e) => e.id), stored)) return { nextExpectedVersion: version ?? -1n };
      assertExpectedVersion(streamName, options.expectedVersion, version ?? 'no_stream');
      if (events.length === 0) return { nextExpectedVersion: version ?? -1n };

      const first = (version ?? -1n) + 1n;
      const last = first + BigInt(events.length) - 1n;
      await client.query(
        `WITH appended AS (
           INSERT INTO event_store.events (stream_name, stream_version, event_id, event_type, data, metadata)
           SELECT $1, $2::bigint + ordinality - 1, id, type, data, metadata
           FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(id, type, data, metadata)
         ), stream AS (
           INSERT INTO event_store.streams (stream_name, version) VALUES ($1, $7)
           ON CONFLICT (stream_name) DO UPDATE SET version = EXCLUDED.version
         )
         SELECT pg_notify('${APPENDED_CHANNEL}', '')`,
        [
          streamName,
          first.toString(),
          events.map((e) => e.id),
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
          last.toString(),
        ],
      );
      return { nextExpectedVersion: last };
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `${SELECT_EVENTS} WHERE stream_name = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`,
      [streamName, (options.fromVersion ?? 0n).toString(), options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromPosition ?? { commit: 0n, prepare: 0n };
    const { rows } = await this.pool.query<EventRow>(
      `${SELECT_EVENTS}
       WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position
       LIMIT $3`,
      [from.commit.toString(), from.prepare.toString(), options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ transaction_text: string; global_position: bigint }>(
      'SELECT transaction_id::text AS transaction_text, global_position FROM event_store.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
    );
    return rows[0] && { commit: BigInt(rows[0].transaction_text), prepare: rows[0].global_position };
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler) {
    if (!this.listener) {
      this.listener = this.listen();
      this.listener.catch(() => undefined);
    }
    return subscribeByPolling(
      { readAll: (o) => this.readAll(o), wakeup: this.wakeup, pollIntervalMs: this.options.pollIntervalMs ?? 250 },
      options,
      handler,
    );
  }

  async close(): Promise<void> {
    this.wakeup.notify();
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await (await listener.catch(() => undefined))?.end().catch(() => undefined);
    if (this.ownsPool) await this.pool.end();
  }

  private async streamState(client: PoolClient, streamName: string, events: readonly NewEvent[]) {
    const { rows } = await client.query<{ version: bigint | null; stored: StoredEventId[] }>(
      `SELECT (SELECT version FROM event_store.streams WHERE stream_name = $1) AS version,
              coalesce((SELECT json_agg(json_build_object('eventId', event_id, 'streamName', stream_name))
                        FROM event_store.events WHERE event_id = ANY($2::uuid[])), '[]') AS stored`,
      [streamName, events.map((e) => e.id)],
    );
    return rows[0];
  }

  /** A dedicated connection for LISTEN; without it (e.g. a proxy that drops notifications) polling still works. */
  private async listen(): Promise<Client> {
    const client = new Client(this.pool.options);
    client.on('error', () => undefined);
    client.on('notification', () => this.wakeup.notify());
    await client.connect();
    await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    return client;
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    streamVersion: row.stream_version,
    position: { commit: BigInt(row.transaction_text), prepare: row.global_position },
    recordedAt: row.recorded_at,
  };
}
