import type { RecordedEvent } from './event';
import type { EventStore } from './event-store';

/** Turns an event of `type` stored at `fromSchemaVersion` into the shape of `fromSchemaVersion + 1`. */
export interface Upcaster {
  type: string;
  fromSchemaVersion: number;
  upcast(data: unknown): unknown;
}

export function upcast(event: RecordedEvent, upcasters: readonly Upcaster[]): RecordedEvent {
  let current = event;
  for (;;) {
    const step = upcasters.find((u) => u.type === current.type && u.fromSchemaVersion === current.metadata.schemaVersion);
    if (!step) return current;
    current = {
      ...current,
      data: step.upcast(current.data),
      metadata: { ...current.metadata, schemaVersion: current.metadata.schemaVersion + 1 },
    };
  }
}

/** Wraps any adapter so that every reader (reads and subscriptions) sees events in their current shape. */
export function withUpcasting(store: EventStore, upcasters: readonly Upcaster[]): EventStore {
  const upcastAll = (events: RecordedEvent[]) => events.map((e) => upcast(e, upcasters));
  return {
    appendToStream: (stream, events, options) => store.appendToStream(stream, events, options),
    readStream: async (stream, options) => upcastAll(await store.readStream(stream, options)),
    readAll: async (options) => upcastAll(await store.readAll(options)),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options, handler) => store.subscribeToAll(options, (events) => handler(upcastAll(events))),
    close: () => store.close(),
  };
}
