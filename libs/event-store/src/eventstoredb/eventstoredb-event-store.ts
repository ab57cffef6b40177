import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError as EventStoreDbWrongExpectedVersion,
  excludeSystemEvents,
  jsonEvent,
  type AppendExpectedRevision,
  type JSONType,
  type RecordedEvent as EventStoreDbRecordedEvent,
  type StreamSubscription,
} from '@eventstore/db-client';
import { assertAppendable } from '../append-rules';
import { subscribeByPolling } from '../catch-up-subscription';
import { WrongExpectedVersionError } from '../errors';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, ReadAllOptions, ReadStreamOptions, SubscribeOptions, SubscriptionHandler } from '../event-store';
import { Wakeup } from '../wakeup';

/**
 * The production adapter on EventStoreDB. Idempotent retries and optimistic concurrency are the server's own;
 * unlike Postgres, EventStoreDB does not keep event ids unique across streams.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly wakeup = new Wakeup();
  private liveFeed: StreamSubscription | undefined;

  constructor(private readonly client: EventStoreDBClient) {}

  /** `connectionString` like `esdb://localhost:2113?tls=false`. */
  static connect(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(streamName, events);
    try {
      const result = await this.client.appendToStream(
        streamName,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: e.metadata as unknown as JSONType })),
        { expectedRevision: toRevision(options.expectedVersion) },
      );
      return { nextExpectedVersion: result.nextExpectedRevision };
    } catch (error) {
      if (error instanceof EventStoreDbWrongExpectedVersion) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
        throw new WrongExpectedVersionError(streamName, options.expectedVersion, actual);
      }
      throw error;
    }
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
      const ours = page.filter((e) => !e.type.startsWith('$') && !e.streamName.startsWith('$'));
      if (ours.length > 0 || page.length < maxCount) return ours;
      cursor = page[page.length - 1].position;
    }
  }

  async headPosition(): Promise<Position | undefined> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1_000 })) {
      const event = resolved.event;
      if (event?.position && !event.type.startsWith('$') && !event.streamId.startsWith('$')) return event.position;
    }
    return undefined;
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler) {
    this.liveFeed ??= this.client
      .subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() })
      .on('data', () => this.wakeup.notify())
      .on('error', () => undefined);
    return subscribeByPolling({ readAll: (o) => this.readAll(o), wakeup: this.wakeup, pollIntervalMs: 1_000 }, options, handler);
  }

  async close(): Promise<void> {
    this.wakeup.notify();
    await this.liveFeed?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
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

function toRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return expected;
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
