import type { NewEvent, Position, RecordedEvent } from './event';

/** As in EventStoreDB: a version number, or a condition on the stream's existence. */
export type ExpectedVersion = bigint | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
}

/** One stream's part of an atomic append to several streams. */
export interface StreamAppend {
  streamName: string;
  events: readonly NewEvent[];
  expectedVersion: ExpectedVersion;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as `expectedVersion` next time. */
  nextExpectedVersion: bigint;
}

export interface ReadStreamOptions {
  fromVersion?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** A checkpoint: the last position already seen. Reading starts strictly after it; omit to start at the beginning. */
  fromPosition?: Position;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** The last position already handled (exclusive), or 'start'. */
  fromPosition: Position | 'start';
  /** Largest batch handed to the handler at once. */
  maxBatchSize?: number;
}

/** Receives events in global order, in batches; the next batch waits until the promise resolves. */
export type SubscriptionHandler = (events: RecordedEvent[]) => Promise<void>;

export interface Subscription {
  /** Stops after the batch in flight; resolves once the subscription is idle. */
  stop(): Promise<void>;
  /** Resolves when stopped, rejects with the handler's error if the handler throws (the subscription then stops). */
  readonly finished: Promise<void>;
}

/** The event store port of DESIGN.md §3: the single source of truth. */
export interface EventStore {
  /**
   * Appends atomically. Throws WrongExpectedVersionError on a conflict. Appending event ids that are all
   * stored in this stream already (a retried append) is a no-op that returns the current version.
   */
  appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams in one transaction: all or none. Throws the error of the first append that
   * fails (WrongExpectedVersionError, DuplicateEventIdError), having written nothing. Retried appends are no-ops
   * as above. Adapters without multi-stream transactions (EventStoreDB) leave it out.
   */
  appendAtomically?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream in version order; [] for a stream that does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Several streams at once, each in version order; streams that do not exist are left out. Optional, like atomic appends. */
  readStreams?(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Events of all streams in global order. Never skips an event that a concurrent writer commits later. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Position of the newest committed event, even one `readAll` does not hand out yet because an older
   * transaction is still open; undefined when the store is empty. For "caught up yet?" questions.
   */
  headPosition(): Promise<Position | undefined>;
  /** Catches up from `fromPosition`, then follows new events live. */
  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  close(): Promise<void>;
}
