import type { RecordedEvent } from '@referral-ledger/event-store';
import type { EventEnvelope } from './event-envelope';

/** The public face of a stored event: its id, type, data and metadata as a CloudEvent. */
export function toEnvelope(event: RecordedEvent, source: string, subject: string): EventEnvelope {
  return {
    specversion: '1.0',
    id: event.id,
    type: event.type,
    source,
    subject,
    time: event.metadata.occurredAt,
    datacontenttype: 'application/json',
    data: event.data,
    correlationid: event.metadata.correlationId,
    schemaversion: event.metadata.schemaVersion,
  };
}
