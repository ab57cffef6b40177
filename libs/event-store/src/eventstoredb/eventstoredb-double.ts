import { EventEmitter } from 'node:events';
import {
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';

interface StoredRecord {
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  streamId: string;
  revision: bigint;
  position: Position;
  created: Date;
}

interface AppendedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
}

type ReadFrom = Position | typeof START | typeof END;

/**
 * A stand-in for an EventStoreDB server, for machines without one: it behaves as the server does where our
 * adapter depends on it. Above all it recognises a retried append only by position, as the server does once its
 * bounded cache of recent ids is gone (after a restart): under `any` or `stream_exists` it appends the same ids again.
 * The server also writes system events (`$`-prefixed) into `$all`; `appendSystemEvents` does the same.
 */
export class EventStoreDbDouble {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly feeds = new Set<EventEmitter>();
  /** How many live subscriptions were opened, to see a failed feed re-created. */
  subscriptionsOpened = 0;

  asClient(): EventStoreDBClient {
    // The adapter calls only these five methods; the double has no use for the client's other hundred.
    return this as unknown as EventStoreDBClient;
  }

  async appendToStream(streamName: string, events: AppendedEvent[], options: { expectedRevision: AppendExpectedRevision }) {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length - 1;
    const expected = options.expectedRevision;
    if (typeof expected === 'bigint' || expected === NO_STREAM) {
      const from = expected === NO_STREAM ? 0 : Number(expected) + 1;
      const alreadyThere = stream.slice(from, from + events.length).map((e) => e.id);
      if (alreadyThere.length === events.length && alreadyThere.every((id, i) => id === events[i].id)) {
        return { success: true, nextExpectedRevision: BigInt(from + events.length - 1) };
      }
      if (BigInt(current) !== (expected === NO_STREAM ? -1n : expected)) this.conflict(streamName, expected, current);
    } else if (expected === 'stream_exists' && current < 0) {
      this.conflict(streamName, expected, current);
    }
    for (const event of events) this.write(streamName, event);
    this.feeds.forEach((feed) => feed.emit('data', {}));
    return { success: true, nextExpectedRevision: BigInt((this.streams.get(streamName)?.length ?? 0) - 1) };
  }

  readStream(streamName: string, options: { fromRevision?: bigint | typeof START; maxCount?: number } = {}) {
    const stream = this.streams.get(streamName);
    const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : 0;
    return this.resolved(() => {
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      return stream.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    });
  }

  readAll(options: { direction?: string; fromPosition?: ReadFrom; maxCount?: number } = {}) {
    const backwards = options.direction === BACKWARDS;
    const ordered = backwards ? [...this.log].reverse() : this.log;
    const from = options.fromPosition ?? (backwards ? END : START);
    const startAt = from === START || from === END ? 0 : ordered.findIndex((e) => (backwards ? e.position.commit <= from.commit : e.position.commit >= from.commit));
    return this.resolved(() =>
      from === END && !backwards ? [] : ordered.slice(startAt < 0 ? ordered.length : startAt, (startAt < 0 ? ordered.length : startAt) + (options.maxCount ?? Infinity)),
    );
  }

  subscribeToAll() {
    this.subscriptionsOpened++;
    const feed = Object.assign(new EventEmitter(), {
      unsubscribe: async () => {
        this.feeds.delete(feed);
        feed.emit('close');
      },
    });
    this.feeds.add(feed);
    return feed;
  }

  /** Every open live subscription fails, as when the server restarts. */
  failSubscriptions(error: Error): void {
    for (const feed of this.feeds) {
      this.feeds.delete(feed);
      feed.emit('error', error);
    }
  }

  appendSystemEvents(count: number): void {
    for (let i = 0; i < count; i++) this.write('$stats-127.0.0.1:2113', { id: crypto.randomUUID(), type: '$statsCollected', data: {} });
  }

  async dispose(): Promise<void> {
    this.feeds.clear();
  }

  private write(streamName: string, event: AppendedEvent): void {
    const stream = this.streams.get(streamName) ?? [];
    const commit = BigInt(this.log.length + 1) * 100n;
    const record = { ...event, metadata: event.metadata ?? {}, streamId: streamName, revision: BigInt(stream.length), position: { commit, prepare: commit }, created: new Date() };
    stream.push(record);
    this.streams.set(streamName, stream);
    this.log.push(record);
  }

  private conflict(streamName: string, expected: AppendExpectedRevision, current: number): never {
    throw new WrongExpectedVersionError(undefined, {
      streamName,
      expected,
      current: current < 0 ? NO_STREAM : BigInt(current),
    });
  }

  /** Reads stream as the client's do: async iteration of `{event}`, errors raised on the first read. */
  private resolved(records: () => StoredRecord[]): AsyncIterable<{ event: StoredRecord }> {
    return {
      async *[Symbol.asyncIterator]() {
        for (const event of records()) yield { event: structuredClone(event) };
      },
    };
  }
}
