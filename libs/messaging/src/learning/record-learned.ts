import { deterministicEventId, type EventStore } from '@referral-ledger/event-store';
import { messageIdentity, type EventEnvelope } from '../envelope/event-envelope';

/**
 * Keeps what a service learned from a public message as an event of its own stream, once: the event id follows
 * from the stream and the message, so a redelivery appends nothing. Services know each other only this way.
 */
export async function recordLearned(store: EventStore, stream: string, learned: { type: string; data: unknown }, cause: EventEnvelope, actor: string): Promise<void> {
  const causationId = messageIdentity(cause);
  await store.appendToStream(
    stream,
    [
      {
        id: deterministicEventId(stream, causationId),
        type: learned.type,
        data: learned.data,
        metadata: { correlationId: cause.correlationid, causationId, occurredAt: cause.time, schemaVersion: 1, actor },
      },
    ],
    { expectedVersion: 'any' },
  );
}
