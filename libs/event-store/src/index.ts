export type { EventMetadata, MessageOrigin, NewEvent, Position, RecordedEvent } from './event';
export { comparePositions } from './event';
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './event-store';
export { DuplicateEventIdError, WrongExpectedVersionError, type ActualVersion } from './errors';
export { withUpcasting, upcast, type Upcaster } from './upcasting';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export { EVENT_STORE_MIGRATIONS } from './postgres/schema';
export { deterministicEventId } from './command-handling/deterministic-id';
export { readFirst, readState } from './command-handling/read-state';
export { handleCommand, type CommandContext, type HandledCommand, type StreamDecider } from './command-handling/handle-command';
export type { StreamAppend } from './event-store';
export { AmbientEventStore, asOneUnit } from './unit-of-work/ambient-event-store';
export { Wakeup } from './wakeup';
