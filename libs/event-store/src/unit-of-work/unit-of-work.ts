import { assertAppendable, assertExpectedVersion, isRetriedAppend } from '../append-rules';
import type { ActualVersion } from '../errors';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, ReadStreamOptions, StreamAppend } from '../event-store';

export type AtomicEventStore = EventStore & Required<Pick<EventStore, 'appendAtomically'>>;

/** Events appended in a unit of work have no place in the global order until it commits. */
const NOT_YET_COMMITTED: Position = { commit: -1n, prepare: -1n };

/**
 * A batch of commands that reads and writes streams as one: each stream is read from the store once, its
 * appends are kept here (reads see them), and `commit` writes them all in one atomic append, each stream
 * checked against the version first read. A conflict with another writer fails the commit and writes nothing,
 * so the caller can redo the batch; handlers derive their event ids from their causes, so a redo is idempotent.
 */
export class UnitOfWork {
  /** Each stream as the store had it when first read, plus what this unit committed to it since. */
  private readonly stored = new Map<string, Promise<RecordedEvent[]>>();
  private readonly pending = new Map<string, { expectedVersion: ExpectedVersion; events: RecordedEvent[] }>();
  /** Which stream each append went to, in order, so `rollbackTo` can take appends back. */
  private readonly log: Array<{ streamName: string; count: number }> = [];

  constructor(
    private readonly store: AtomicEventStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get hasPendingAppends(): boolean {
    return this.pending.size > 0;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = await this.current(streamName);
    const from = Number(options.fromVersion ?? 0n);
    return events.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
  }

  async appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(streamName, events);
    const current = await this.current(streamName);
    const ids = new Set(events.map((event) => event.id));
    const found = current.filter((event) => ids.has(event.id)).map((event) => ({ eventId: event.id, streamName }));
    if (isRetriedAppend(streamName, [...ids], found)) return { nextExpectedVersion: BigInt(current.length - 1) };
    const version: ActualVersion = current.length === 0 ? 'no_stream' : current[current.length - 1].streamVersion;
    assertExpectedVersion(streamName, options.expectedVersion, version);
    const recordedAt = this.now();
    const recorded = events.map((event, index) => ({ ...event, streamName, streamVersion: BigInt(current.length + index), position: NOT_YET_COMMITTED, recordedAt }));
    const entry = this.pending.get(streamName) ?? { expectedVersion: version, events: [] };
    entry.events.push(...recorded);
    this.pending.set(streamName, entry);
    this.log.push({ streamName, count: recorded.length });
    return { nextExpectedVersion: BigInt(current.length + recorded.length - 1) };
  }

  /** A point to roll back to: what is appended after it can be taken back. */
  mark(): number {
    return this.log.length;
  }

  rollbackTo(mark: number): void {
    while (this.log.length > mark) {
      const { streamName, count } = this.log.pop() as { streamName: string; count: number };
      const entry = this.pending.get(streamName);
      if (!entry) continue;
      entry.events.length -= count;
      if (this.log.every((append) => append.streamName !== streamName)) this.pending.delete(streamName);
    }
  }

  /** Writes every pending append in one atomic append; afterwards reads see them as stored. */
  async commit(): Promise<void> {
    if (this.pending.size === 0) return;
    const appends: StreamAppend[] = [...this.pending].map(([streamName, { expectedVersion, events }]) => ({
      streamName,
      expectedVersion,
      events: events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
    }));
    await this.store.appendAtomically(appends);
    for (const [streamName, { events }] of this.pending) {
      const before = await this.stored.get(streamName);
      this.stored.set(streamName, Promise.resolve([...(before ?? []), ...events]));
    }
    this.pending.clear();
    this.log.length = 0;
  }

  private async current(streamName: string): Promise<RecordedEvent[]> {
    let stored = this.stored.get(streamName);
    if (!stored) {
      stored = this.store.readStream(streamName);
      this.stored.set(streamName, stored);
      stored.catch(() => this.stored.delete(streamName));
    }
    const pending = this.pending.get(streamName)?.events ?? [];
    return pending.length === 0 ? stored : [...(await stored), ...pending];
  }
}
