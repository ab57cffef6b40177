import { assertAppendable, assertExpectedVersion, assertStreamsDistinct, isRetriedAppend } from '../append-rules';
import { subscribeByPolling } from '../catch-up-subscription';
import type { NewEvent, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, StreamAppend, SubscribeOptions, SubscriptionHandler } from '../event-store';
import { Wakeup } from '../wakeup';

/** For unit tests and tools: same semantics as the durable adapters, nothing survives the process. */
export class InMemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly wakeup = new Wakeup();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return (await this.appendAtomically([{ streamName, events, expectedVersion: options.expectedVersion }]))[0];
  }

  async appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    for (const { streamName, events } of appends) assertAppendable(streamName, events);
    assertStreamsDistinct(appends);
    // Every check first, so a failing append leaves nothing written.
    const retried = appends.map(({ streamName, events, expectedVersion }) => {
      const stream = this.streams.get(streamName) ?? [];
      const stored = events.flatMap((e) => {
        const found = this.byId.get(e.id);
        return found ? [{ eventId: e.id, streamName: found.streamName }] : [];
      });
      if (
        isRetriedAppend(
          streamName,
          events.map((e) => e.id),
          stored,
        )
      )
        return true;
      assertExpectedVersion(streamName, expectedVersion, stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1));
      return false;
    });
    return appends.map(({ streamName, events }, index) =>
      retried[index] ? { nextExpectedVersion: BigInt((this.streams.get(streamName)?.length ?? 0) - 1) } : this.write(streamName, events),
    );
  }

  private write(streamName: string, events: readonly NewEvent[]): AppendResult {
    const stream = this.streams.get(streamName) ?? [];
    const recordedAt = this.now();
    for (const event of events) {
      const position = BigInt(this.all.length + 1);
      const recorded: RecordedEvent = {
        ...structuredClone(event),
        streamName,
        streamVersion: BigInt(stream.length),
        position: { commit: position, prepare: position },
        recordedAt,
      };
      stream.push(recorded);
      this.all.push(recorded);
      this.byId.set(event.id, recorded);
    }
    this.streams.set(streamName, stream);
    if (events.length > 0) this.wakeup.notify();
    return { nextExpectedVersion: BigInt(stream.length - 1) };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = Number(options.fromVersion ?? 0n);
    const events = (this.streams.get(streamName) ?? []).slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    return structuredClone(events);
  }

  async readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const found = streamNames.flatMap((name) => (this.streams.has(name) ? [[name, structuredClone(this.streams.get(name) ?? [])] as const] : []));
    return new Map(found);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // Positions are 1-based indexes into `all`, so the event after position p sits at index p.
    const start = options.fromPosition ? Number(options.fromPosition.commit) : 0;
    return structuredClone(this.all.slice(start, options.maxCount === undefined ? undefined : start + options.maxCount));
  }

  async headPosition() {
    return this.all[this.all.length - 1]?.position;
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler) {
    return subscribeByPolling({ readAll: (o) => this.readAll(o), wakeup: this.wakeup, pollIntervalMs: 1_000 }, options, handler);
  }

  async close(): Promise<void> {
    this.wakeup.notify();
  }
}
