import { randomUUID } from 'node:crypto';

// The event store's NewEvent shape, restated here so that the event store's own tests can use these builders.
interface BuiltEvent<Data> {
  id: string;
  type: string;
  data: Data;
  metadata: { correlationId: string; causationId: string | null; occurredAt: string; schemaVersion: number; actor: string };
}

/** An event with sensible metadata; override only what the test is about. */
export function anEvent<Data>(type: string, data: Data, overrides: { id?: string; metadata?: Partial<BuiltEvent<Data>['metadata']> } = {}): BuiltEvent<Data> {
  return {
    id: overrides.id ?? randomUUID(),
    type,
    data,
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2026-01-01T00:00:00.000Z',
      schemaVersion: 1,
      actor: 'test',
      ...overrides.metadata,
    },
  };
}

/** `count` events of one type, numbered in their data: handy for ordering assertions. */
export function numberedEvents(type: string, count: number): BuiltEvent<{ n: number }>[] {
  return Array.from({ length: count }, (_, n) => anEvent(type, { n }));
}
