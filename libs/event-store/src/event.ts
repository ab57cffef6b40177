/** Metadata carried by every event (DESIGN.md §3). Time is passed in, never read from the clock deep inside. */
export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  occurredAt: string;
  schemaVersion: number;
  actor: string;
  /** Set on a message received from outside and kept as an event (the inbox): who sent it, under which id. */
  origin?: MessageOrigin;
}

/** The identity and extension attributes of an inbound CloudEvent, so it can be passed on exactly as it came. */
export interface MessageOrigin {
  id: string;
  source: string;
  subject: string;
  extensions?: Record<string, string | number | boolean>;
}

/** An event about to be appended. `id` is a UUID chosen by the writer, so a retried append is recognised. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/**
 * A place in the global order of all events. Two parts, ordered lexicographically:
 * EventStoreDB's (commit, prepare) log positions, or Postgres's (transaction id, sequence).
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  streamName: string;
  /** 0 for the first event of a stream. */
  streamVersion: bigint;
  position: Position;
  recordedAt: Date;
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
