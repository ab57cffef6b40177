import DataLoader from 'dataloader';
import { assertAppendable, assertExpectedVersion, isRetriedAppend } from '../append-rules';
import { WrongExpectedVersionError, type ActualVersion } from '../errors';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, ReadStreamOptions, StreamAppend } from '../event-store';

/** What a store needs for units of work: atomic appends to several streams, and reads of several streams at once. */
export type BatchingEventStore = EventStore & Required<Pick<EventStore, 'appendAtomically' | 'readStreams'>>;

/** Events appended in a unit of work have no place in the global order until it commits. */
const NOT_YET_COMMITTED: Position = { commit: -1n, prepare: -1n };

interface PendingAppend {
  streamName: string;
  /** The stream's version before this append. */
  expectedVersion: ExpectedVersion;
  events: RecordedEvent[];
  /** The attempt that made it: a failed attempt takes back its own appends only. */
  owner: object | undefined;
}

/**
 * A batch of commands that reads and writes streams as one. Reads issued together (by handlers running
 * side by side) are fetched in one query, each stream once; appends are kept here, reads see them, and
 * `commit` writes them in one atomic append, each stream checked against the version first read. A conflict
 * with another writer fails the commit and writes nothing, so the caller can redo the batch; handlers derive
 * their event ids from their causes, so a redo is idempotent.
 */
export class UnitOfWork {
  /** Each stream as the store had it when first read, plus what this unit committed to it since: being read, then read. */
  private readonly stored = new Map<string, Promise<RecordedEvent[]>>();
  private readonly loaded = new Map<string, RecordedEvent[]>();
  /** Appends being committed right now: still part of what reads and version checks see. */
  private committing = new Map<string, RecordedEvent[]>();
  /** Appends not committed yet, per stream, streams in the order first appended to. */
  private pending = new Map<string, PendingAppend[]>();
  /** Reads wait for the current turn of the event loop to end, so that every handler's next read goes in one query. */
  private readonly reads = new DataLoader<string, RecordedEvent[]>(
    async (names) => {
      const streams = await this.store.readStreams(names);
      return names.map((name) => streams.get(name) ?? []);
    },
    { cache: false, batchScheduleFn: (run) => setImmediate(run) },
  );
  /** Set when a failed attempt's appends could not be taken back cleanly: the commit then refuses. */
  private broken: string | undefined;

  constructor(
    private readonly store: BatchingEventStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = await this.current(streamName);
    const from = Number(options.fromVersion ?? 0n);
    return events.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
  }

  async appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions, owner?: object): Promise<AppendResult> {
    assertAppendable(streamName, events);
    await this.load(streamName);
    // From here to the push below nothing awaits: a sibling handler appending to the same stream sees this append, or this one sees its.
    const current = this.view(streamName);
    const ids = new Set(events.map((event) => event.id));
    const found = current.filter((event) => ids.has(event.id)).map((event) => ({ eventId: event.id, streamName }));
    if (isRetriedAppend(streamName, [...ids], found)) return { nextExpectedVersion: BigInt(current.length - 1) };
    const version: ActualVersion = current.length === 0 ? 'no_stream' : current[current.length - 1].streamVersion;
    assertExpectedVersion(streamName, options.expectedVersion, version);
    const recordedAt = this.now();
    const recorded = events.map((event, index) => ({ ...event, streamName, streamVersion: BigInt(current.length + index), position: NOT_YET_COMMITTED, recordedAt }));
    const appends = this.pending.get(streamName) ?? [];
    appends.push({ streamName, expectedVersion: version, events: recorded, owner });
    this.pending.set(streamName, appends);
    return { nextExpectedVersion: BigInt(current.length + recorded.length - 1) };
  }

  /** Takes back what a failed attempt appended. If another attempt appended to one of its streams since, the unit can no longer commit. */
  rollback(owner: object): void {
    for (const [streamName, appends] of this.pending) {
      const kept = appends.filter((append) => append.owner !== owner);
      if (kept.length === appends.length) continue;
      const firstTaken = appends.findIndex((append) => append.owner === owner);
      if (appends.slice(firstTaken).some((append) => append.owner !== owner)) this.broken = streamName;
      if (kept.length === 0) this.pending.delete(streamName);
      else this.pending.set(streamName, kept);
    }
  }

  /** Writes every pending append in one atomic append; afterwards reads see them as stored. Appends made meanwhile wait for the next commit. */
  async commit(): Promise<void> {
    if (this.broken) throw new WrongExpectedVersionError(this.broken, 'any', 'no_stream');
    if (this.pending.size === 0) return;
    const committing = new Map<string, { expectedVersion: ExpectedVersion; events: RecordedEvent[] }>();
    for (const { streamName, expectedVersion, events } of [...this.pending.values()].flat()) {
      const entry = committing.get(streamName) ?? { expectedVersion, events: [] };
      entry.events.push(...events);
      committing.set(streamName, entry);
    }
    this.pending = new Map();
    this.committing = new Map([...committing].map(([streamName, { events }]) => [streamName, events]));
    const appends: StreamAppend[] = [...committing].map(([streamName, { expectedVersion, events }]) => ({
      streamName,
      expectedVersion,
      events: events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
    }));
    try {
      await this.store.appendAtomically(appends);
    } catch (error) {
      this.broken = String(error);
      throw error;
    }
    for (const [streamName, { events }] of committing) {
      const after = [...(this.loaded.get(streamName) ?? []), ...events];
      this.loaded.set(streamName, after);
      this.stored.set(streamName, Promise.resolve(after));
    }
    this.committing = new Map();
  }

  private async current(streamName: string): Promise<RecordedEvent[]> {
    await this.load(streamName);
    return this.view(streamName);
  }

  private async load(streamName: string): Promise<void> {
    await (this.stored.get(streamName) ?? this.fetch(streamName));
  }

  /** The stream as this unit sees it now: stored, being committed, pending. Synchronous, so no append slips in between. */
  private view(streamName: string): RecordedEvent[] {
    const stored = this.loaded.get(streamName) ?? [];
    const committing = this.committing.get(streamName) ?? [];
    const pending = this.pending.get(streamName)?.flatMap((append) => append.events) ?? [];
    return committing.length === 0 && pending.length === 0 ? stored : [...stored, ...committing, ...pending];
  }

  private fetch(streamName: string): Promise<RecordedEvent[]> {
    const read = this.reads.load(streamName).then((events) => {
      this.loaded.set(streamName, events);
      return events;
    });
    this.stored.set(streamName, read);
    read.catch(() => this.stored.delete(streamName));
    return read;
  }
}
