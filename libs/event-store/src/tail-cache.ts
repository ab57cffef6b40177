import type { RecordedEvent } from './event';
import type { ReadAllOptions } from './event-store';

/**
 * The newest events read by the subscriptions of one process, kept so that the many subscribers that
 * follow the head (projections, consumer groups, relay) share one read instead of each querying the store.
 * It only ever holds a contiguous run of the global order, so what it answers is what the store would.
 */
export class TailCache {
  private events: RecordedEvent[] = [];
  /** The events cached are exactly those after `from` up to the last one, with nothing missing. */
  private from: bigint | undefined;
  private inFlight: { from: bigint; read: Promise<RecordedEvent[]> } | undefined;

  constructor(
    private readonly readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
    private readonly capacity = 10_000,
  ) {}

  async read(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const after = options.fromPosition?.prepare ?? 0n;
    const maxCount = options.maxCount ?? 500;
    const cached = this.cachedAfter(after, maxCount);
    if (cached.length > 0) return cached;
    const last = this.events[this.events.length - 1];
    const extendsCache = this.from !== undefined && (last ? last.position.prepare === after : this.from === after);
    if (this.inFlight?.from !== after) {
      const read = this.readAll({ fromPosition: options.fromPosition, maxCount: Math.max(maxCount, 500) });
      this.inFlight = { from: after, read };
      read
        .then(
          (events) => this.remember(after, events, extendsCache),
          () => undefined,
        )
        .finally(() => {
          if (this.inFlight?.read === read) this.inFlight = undefined;
        });
    }
    const events = await this.inFlight.read;
    return events.slice(0, maxCount);
  }

  private cachedAfter(after: bigint, maxCount: number): RecordedEvent[] {
    if (this.from === undefined || after < this.from || this.events.length === 0) return [];
    const start = this.indexAfter(after);
    return start < 0 ? [] : this.events.slice(start, start + maxCount);
  }

  /** Index of the first cached event after `after`, -1 when none is cached. */
  private indexAfter(after: bigint): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.events[middle].position.prepare <= after) low = middle + 1;
      else high = middle;
    }
    return low < this.events.length ? low : -1;
  }

  private remember(after: bigint, events: RecordedEvent[], extendsCache: boolean): void {
    if (events.length === 0) {
      if (this.from === undefined) this.from = after;
      return;
    }
    if (!extendsCache) {
      // A subscriber far behind the head: keep what the head followers read, do not replace it.
      if (this.from !== undefined && this.events.length > 0) return;
      this.from = after;
      this.events = [];
    }
    this.events.push(...events);
    const excess = this.events.length - this.capacity;
    if (excess > 0) {
      this.from = this.events[excess - 1].position.prepare;
      this.events = this.events.slice(excess);
    }
  }
}
