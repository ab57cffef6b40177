import { AsyncLocalStorage } from 'node:async_hooks';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors';
import type { NewEvent, Position, RecordedEvent } from '../event';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, StreamAppend, SubscribeOptions, SubscriptionHandler } from '../event-store';
import { UnitOfWork, type BatchingEventStore } from './unit-of-work';

interface Scope {
  unit: UnitOfWork;
  /** The attempt running (a handler's try): its appends are taken back if it fails. */
  attempt?: object;
}

/**
 * The event store every service is given: outside a unit of work it is the store itself; inside one (a
 * consumer's batch) reads and appends go through the unit, so command handlers batch without knowing it.
 */
export class AmbientEventStore implements EventStore {
  private readonly scopes = new AsyncLocalStorage<Scope>();
  readonly appendAtomically?: (appends: readonly StreamAppend[]) => Promise<AppendResult[]>;
  readonly readStreams?: (streamNames: readonly string[]) => Promise<Map<string, RecordedEvent[]>>;

  constructor(
    private readonly base: EventStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.appendAtomically = base.appendAtomically?.bind(base);
    this.readStreams = base.readStreams?.bind(base);
  }

  /**
   * Runs `work` as one unit of work committed at its end, all or none. If another writer changed a stream it
   * read, nothing of it is written and `work` runs again without a unit, one append at a time: it must be safe
   * to redo (idempotent handlers). Inside a unit already, `work` joins it. A store that cannot batch
   * (EventStoreDB) runs `work` directly.
   */
  async unitOfWork<T>(work: () => Promise<T>): Promise<T> {
    if (this.scopes.getStore() || !canBatch(this.base)) return work();
    const unit = new UnitOfWork(this.base, this.now);
    try {
      const result = await this.scopes.run({ unit }, work);
      await unit.commit();
      return result;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) && !(error instanceof DuplicateEventIdError)) throw error;
      return this.scopes.exit(work);
    }
  }

  /** One attempt at a piece of the unit's work (a handler): if it throws, what it appended is taken back. */
  async attempt<T>(work: () => Promise<T>): Promise<T> {
    const scope = this.scopes.getStore();
    if (!scope) return work();
    const attempt = {};
    try {
      return await this.scopes.run({ unit: scope.unit, attempt }, work);
    } catch (error) {
      scope.unit.rollback(attempt);
      throw error;
    }
  }

  /** Runs work outside any unit of work, as the plain store. */
  detached<T>(work: () => Promise<T>): Promise<T> {
    return this.scopes.exit(work);
  }

  /** Commits what the current unit appended so far (before work that must not be redone, like taking waiting messages out of their table). */
  async flush(): Promise<void> {
    await this.scopes.getStore()?.unit.commit();
  }

  appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const scope = this.scopes.getStore();
    return scope ? scope.unit.appendToStream(streamName, events, options, scope.attempt) : this.base.appendToStream(streamName, events, options);
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (this.scopes.getStore()?.unit ?? this.base).readStream(streamName, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.base.readAll(options);
  }

  headPosition(): Promise<Position | undefined> {
    return this.base.headPosition();
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler) {
    // A subscriber's handler runs outside whatever unit of work started it.
    return this.scopes.exit(() => this.base.subscribeToAll(options, handler));
  }

  close(): Promise<void> {
    return this.base.close();
  }
}

function canBatch(store: EventStore): store is BatchingEventStore {
  return store.appendAtomically !== undefined && store.readStreams !== undefined;
}

/** Runs `work` as one unit of work where the store is the ambient one; a bare store (in a test) runs it as it is. */
export function asOneUnit<T>(store: EventStore, work: () => Promise<T>): Promise<T> {
  return store instanceof AmbientEventStore ? store.unitOfWork(work) : work();
}
