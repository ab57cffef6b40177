import type { DomainEvent } from '@referral-ledger/decider';
import { deterministicEventId, type EventStore } from '@referral-ledger/event-store';
import { messageIdentity, type EventEnvelope } from '@referral-ledger/messaging';

/**
 * Keeps what fraud learned from a public message in one of its own streams, once: the event id follows from
 * the message, so a redelivery appends nothing.
 */
export async function recordFact(store: EventStore, stream: string, fact: DomainEvent<string, unknown>, cause: EventEnvelope): Promise<void> {
  const causationId = messageIdentity(cause);
  await store.appendToStream(
    stream,
    [{ id: deterministicEventId(stream, causationId), type: fact.type, data: fact.data, metadata: { correlationId: cause.correlationid, causationId, occurredAt: cause.time, schemaVersion: 1, actor: 'fraud' } }],
    { expectedVersion: 'any' },
  );
}
