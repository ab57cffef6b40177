import { DuplicateEventIdError, WrongExpectedVersionError, type ActualVersion } from './errors';
import type { ExpectedVersion } from './event-store';

/** Enforces `expectedVersion` exactly as EventStoreDB does. Shared by every adapter that stores streams itself. */
export function assertExpectedVersion(streamName: string, expected: ExpectedVersion, actual: ActualVersion): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    (typeof expected === 'bigint' && expected === actual);
  if (!ok) throw new WrongExpectedVersionError(streamName, expected, actual);
}

export interface StoredEventId {
  eventId: string;
  streamName: string;
}

/**
 * Decides what a re-append of known event ids means: `true` when every id is already in this stream
 * (a retry: the append is a no-op), `false` when none is stored; anything in between is a conflict.
 */
export function isRetriedAppend(streamName: string, eventIds: readonly string[], stored: readonly StoredEventId[]): boolean {
  if (stored.length === 0) return false;
  const inThisStream = new Set(stored.filter((s) => s.streamName === streamName).map((s) => s.eventId));
  if (inThisStream.size === new Set(eventIds).size && stored.length === inThisStream.size) return true;
  const elsewhere = stored.filter((s) => s.streamName !== streamName).map((s) => s.eventId);
  throw new DuplicateEventIdError(streamName, elsewhere.length > 0 ? elsewhere : [...inThisStream]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejects what no adapter can store, before anything is written. */
export function assertAppendable(streamName: string, events: readonly { id: string; type: string }[]): void {
  if (streamName.length === 0) throw new TypeError('Stream name must not be empty');
  const invalid = events.filter((e) => !UUID.test(e.id) || e.type.length === 0);
  if (invalid.length > 0) throw new TypeError(`Events need a UUID id and a type: ${invalid.map((e) => JSON.stringify(e.id)).join(', ')}`);
  if (new Set(events.map((e) => e.id)).size !== events.length) throw new TypeError('The same event id appears twice in one append');
}

/** An atomic append names each stream once: its events go in one part, checked against one expected version. */
export function assertStreamsDistinct(appends: readonly { streamName: string }[]): void {
  const seen = new Set<string>();
  for (const { streamName } of appends) {
    if (seen.has(streamName)) throw new TypeError(`Stream "${streamName}" appears twice in one atomic append`);
    seen.add(streamName);
  }
}
