import { streamName } from '@referral-ledger/contracts';
import { DuplicateEventIdError, asOneUnit, type EventStore, type MessageOrigin } from '@referral-ledger/event-store';
import { messageIdentity, type EventEnvelope } from '../envelope/event-envelope';

const STANDARD_ATTRIBUTES = new Set([
  'specversion',
  'id',
  'type',
  'source',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
  'data',
  'data_base64',
  'correlationid',
  'schemaversion',
]);

/**
 * Durable intake: an inbound message is appended to the event store (stream `inbox-<key>`) before it is
 * acknowledged, so a 202 means committed. Its event id is its CloudEvents identity (source + id), so a
 * resent message is the same event and appends nothing. Consumers read it from the store (embedded mode)
 * or from its topic, where the relay publishes it (Kafka mode).
 */
export class Inbox {
  /** A store that can run work as one unit of work (the ambient store) commits a whole batch in one transaction. */
  constructor(private readonly store: EventStore) {}

  /**
   * Accepts several messages in one commit where the store can: each answers for itself, a message already
   * accepted under another key (DuplicateEventIdError) is refused alone, any other failure refuses them all.
   */
  async acceptAll(messages: ReadonlyArray<{ envelope: EventEnvelope; key: string }>, receivedBy: string): Promise<Array<DuplicateEventIdError | undefined>> {
    const work = () =>
      Promise.all(
        messages.map(({ envelope, key }) =>
          this.accept(envelope, key, receivedBy).then(
            () => undefined,
            (error: unknown) => {
              if (error instanceof DuplicateEventIdError) return error;
              throw error;
            },
          ),
        ),
      );
    // One message goes alone, so the store can group-commit it with concurrent requests' appends.
    return messages.length > 1 ? asOneUnit(this.store, work) : work();
  }

  async accept(envelope: EventEnvelope, key: string, receivedBy: string): Promise<void> {
    const origin: MessageOrigin = { id: envelope.id, source: envelope.source, subject: envelope.subject, extensions: extensionsOf(envelope) };
    await this.store.appendToStream(
      streamName('inbox', key),
      [
        {
          id: messageIdentity(envelope),
          type: envelope.type,
          data: envelope.data,
          metadata: { correlationId: envelope.correlationid, causationId: null, occurredAt: envelope.time, schemaVersion: envelope.schemaversion, actor: receivedBy, origin },
        },
      ],
      { expectedVersion: 'any' },
    );
  }
}

function extensionsOf(envelope: EventEnvelope): MessageOrigin['extensions'] {
  const extensions: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(envelope)) {
    if (!STANDARD_ATTRIBUTES.has(name) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) extensions[name] = value;
  }
  return Object.keys(extensions).length > 0 ? extensions : undefined;
}
