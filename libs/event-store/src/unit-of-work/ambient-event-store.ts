import { AsyncLocalStorage } from 'node:async_hooks';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, StreamAppend, SubscribeOptions, SubscriptionHandler } from '../event-store';
import { UnitOfWork, type AtomicEventStore } from './unit-of-work';

/**
 * The event store every service is given: outside a unit of work it is the store itself; inside one (a
 * consumer's batch) reads and appends go through the unit, so command handlers batch without knowing it.
 */
export class AmbientEventStore implements EventStore {
  private readonly units = new AsyncLocalStorage<UnitOfWork>();
  readonly appendAtomically?: (appends: readonly StreamAppend[]) => Promise<AppendResult[]>;

  constructor(
    private readonly base: EventStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.appendAtomically = base.appendAtomically?.bind(base);
  }

  /**
   * Runs `work` as one unit of work committed at its end, all or none; a conflict with another writer
   * rejects (WrongExpectedVersionError) with nothing of it written. Inside a unit already, `work` joins it.
   * A store without atomic appends (EventStoreDB) runs `work` directly, one append at a time.
   */
  async unitOfWork<T>(work: () => Promise<T>): Promise<T> {
    if (this.units.getStore() || !hasAtomicAppends(this.base)) return work();
    const unit = new UnitOfWork(this.base, this.now);
    const result = await this.units.run(unit, work);
    await unit.commit();
    return result;
  }

  /** One attempt at a piece of the unit's work: if it throws, what it appended is taken back. */
  async attempt<T>(work: () => Promise<T>): Promise<T> {
    const unit = this.units.getStore();
    if (!unit) return work();
    const mark = unit.mark();
    try {
      return await work();
    } catch (error) {
      unit.rollbackTo(mark);
      throw error;
    }
  }

  /** Commits what the current unit appended so far (before work that must not be redone, like taking waiting messages out of their table). */
  async flush(): Promise<void> {
    await this.units.getStore()?.commit();
  }

  appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return (this.units.getStore() ?? this.base).appendToStream(streamName, events, options);
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (this.units.getStore() ?? this.base).readStream(streamName, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.base.readAll(options);
  }

  headPosition(): Promise<Position | undefined> {
    return this.base.headPosition();
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler) {
    // A subscriber's handler runs outside whatever unit of work started it.
    return this.units.exit(() => this.base.subscribeToAll(options, handler));
  }

  close(): Promise<void> {
    return this.base.close();
  }
}

function hasAtomicAppends(store: EventStore): store is AtomicEventStore {
  return store.appendAtomically !== undefined;
}
