import type { RecordedEvent } from '@referral-ledger/event-store';
import type { EventEnvelope } from './event-envelope';

/** The public face of a stored event: its id, type, data and metadata as a CloudEvent; an inbound one exactly as it came. */
export function toEnvelope(event: RecordedEvent, source: string, subject: string): EventEnvelope {
  const origin = event.metadata.origin;
  return {
    ...origin?.extensions,
    specversion: '1.0',
    id: origin?.id ?? event.id,
    type: event.type,
    source: origin?.source ?? source,
    subject: origin?.subject ?? subject,
    time: event.metadata.occurredAt,
    datacontenttype: 'application/json',
    data: event.data,
    correlationid: event.metadata.correlationId,
    schemaversion: event.metadata.schemaVersion,
  };
}
