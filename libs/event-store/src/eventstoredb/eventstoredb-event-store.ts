import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EventStoreDbWrongExpectedVersion,
  excludeSystemEvents,
  jsonEvent,
  type JSONType,
  type RecordedEvent as EventStoreDbRecordedEvent,
} from '@eventstore/db-client';
import { supervise, type SupervisedLoop } from '@referral-ledger/resilience';
import { assertAppendable, assertExpectedVersion, isRetriedAppend } from '../append-rules';
import { subscribeByPolling } from '../catch-up-subscription';
import type { ActualVersion } from '../errors';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, SubscriptionHandler } from '../event-store';
import { Wakeup } from '../wakeup';

export interface EventStoreDbOptions {
  /** The live feed that wakes subscribers failed; it is re-created with backoff. */
  onFeedError?: (error: unknown) => void;
}

/**
 * The production adapter on EventStoreDB. Unlike Postgres, EventStoreDB does not keep event ids unique across
 * streams, and it recognises a retried append only by position or within a bounded cache lost on restart: so
 * every append first reads the stream's ids, and then appends at the exact revision it read.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly wakeup = new Wakeup();
  private liveFeed: SupervisedLoop | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbOptions = {},
  ) {}

  /** `connectionString` like `esdb://localhost:2113?tls=false`. */
  static connect(connectionString: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  /**
   * Idempotent for every expected version, as the port promises: ids already in the stream make a retry (a no-op),
   * and the append itself names the exact revision read, so a writer that slipped in between is noticed and the
   * check runs again.
   */
  async appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(streamName, events);
    // EventStoreDB hands ids back in lower case.
    const eventIds = events.map((e) => e.id.toLowerCase());
    const wanted = new Set(eventIds);
    for (;;) {
      const stored = await this.readStream(streamName);
      const actual: ActualVersion = stored.length === 0 ? 'no_stream' : stored[stored.length - 1].streamVersion;
      const known = stored.filter((e) => wanted.has(e.id.toLowerCase())).map((e) => ({ eventId: e.id.toLowerCase(), streamName }));
      if (isRetriedAppend(streamName, eventIds, known)) return { nextExpectedVersion: actual === 'no_stream' ? -1n : actual };
      assertExpectedVersion(streamName, options.expectedVersion, actual);
      try {
        const result = await this.client.appendToStream(
          streamName,
          events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: e.metadata as unknown as JSONType })),
          { expectedRevision: actual === 'no_stream' ? NO_STREAM : actual },
        );
        return { nextExpectedVersion: result.nextExpectedRevision };
      } catch (error) {
        if (!(error instanceof EventStoreDbWrongExpectedVersion)) throw error;
      }
    }
  }

  /** Readiness: one read of the log's end. */
  async checkConnection(): Promise<void> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) void resolved;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        direction: FORWARDS,
        fromRevision: options.fromVersion ?? START,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event as EventStoreDbRecordedEvent, resolved.event.revision));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? 4096;
    let cursor: Position | undefined = options.fromPosition;
    // Pages may hold only system events: keep reading until we have events of ours or reach the end.
    for (;;) {
      const page = await this.readAllPage(cursor, maxCount);
      const ours = page.filter((e) => !isSystemEvent(e.type, e.streamName));
      if (ours.length > 0 || page.length < maxCount) return ours;
      cursor = page[page.length - 1].position;
    }
  }

  /** Walks back from the end, page by page, past any number of system events. */
  async headPosition(): Promise<Position | undefined> {
    const pageSize = 1_000;
    let from: Position | typeof END = END;
    for (;;) {
      let count = 0;
      let last: Position | undefined;
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: pageSize })) {
        const event = resolved.event;
        if (!event?.position) continue;
        count++;
        if (!isSystemEvent(event.type, event.streamId)) return event.position;
        last = event.position;
      }
      // A backwards read starts at its position inclusively: the next page starts where this one ended, and that event is skipped again.
      if (count < pageSize || !last) return undefined;
      from = last;
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler) {
    this.liveFeed ??= this.followLog();
    return subscribeByPolling({ readAll: (o) => this.readAll(o), wakeup: this.wakeup, pollIntervalMs: 1_000 }, options, handler);
  }

  async close(): Promise<void> {
    this.wakeup.notify();
    await this.liveFeed?.stop();
    await this.client.dispose();
  }

  /** A live subscription whose only job is to wake readers; re-created with backoff whenever it fails or ends. */
  private followLog(): SupervisedLoop {
    let subscription: ReturnType<EventStoreDBClient['subscribeToAll']> | undefined;
    return supervise({
      run: async () => {
        subscription = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
        const ended = new Promise<void>((resolve, reject) => {
          subscription?.on('error', reject);
          subscription?.on('end', resolve);
          subscription?.on('close', resolve);
        });
        subscription.on('data', () => this.wakeup.notify());
        // Whatever was appended while the feed was down is found by this read.
        this.wakeup.notify();
        await ended;
      },
      interrupt: async () => void (await subscription?.unsubscribe().catch(() => undefined)),
      onError: (error) => this.options.onFeedError?.(error),
    });
  }

  /** EventStoreDB reads `fromPosition` inclusively; our checkpoints are exclusive. */
  private async readAllPage(after: Position | undefined, maxCount: number): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: after ?? START, maxCount: maxCount + (after ? 1 : 0) });
    for await (const resolved of read) {
      const event = resolved.event as EventStoreDbRecordedEvent | undefined;
      if (!event?.position) continue;
      if (after && event.position.commit === after.commit && event.position.prepare === after.prepare) continue;
      page.push(toRecordedEvent(event, event.revision));
    }
    return page.slice(0, maxCount);
  }
}

function isSystemEvent(type: string, streamName: string): boolean {
  return type.startsWith('$') || streamName.startsWith('$');
}

function toRecordedEvent(event: EventStoreDbRecordedEvent, revision: bigint): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as RecordedEvent['metadata'],
    streamName: event.streamId,
    streamVersion: revision,
    position: event.position ? { commit: event.position.commit, prepare: event.position.prepare } : { commit: -1n, prepare: -1n },
    recordedAt: event.created,
  };
}
