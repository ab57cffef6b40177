import { CloudEvent, ValidationError } from 'cloudevents';
import { deterministicEventId } from '@referral-ledger/event-store';
import { InvalidMessageError } from '../processing/invalid-message-error';

/** The public Kafka envelope (DESIGN.md §4): CloudEvents 1.0 structured JSON plus two extensions; other extensions are kept as sent. */
export interface EventEnvelope<Data = unknown> {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Data;
  correlationid: string;
  schemaversion: number;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** Times a Postgres timestamp and every consumer can hold. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(new CloudEvent({ ...envelope }, true)));
}

/** CloudEvents identity: `source` + `id`. Two systems may use the same id; together with the source it is unique. */
export function messageIdentity(envelope: Pick<EventEnvelope, 'source' | 'id'>): string {
  return deterministicEventId('cloudevent', envelope.source, envelope.id);
}

/** Parses and validates bytes from the wire; anything unusable is an InvalidMessageError (no retry helps). */
export function decodeEnvelope(value: Buffer | string | null, arrivedAt: Date = new Date()): EventEnvelope {
  if (value === null || value.length === 0) throw new InvalidMessageError('empty message');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    throw new InvalidMessageError('not JSON');
  }
  return validateEnvelope(parsed, arrivedAt);
}

/**
 * Checks an already-parsed object (an HTTP body, say) against the envelope contract. Only what CloudEvents
 * requires is required: `subject` defaults to `data.customerId`, `correlationid` to `id`, `schemaversion`
 * to 1 and `time` to the arrival time. Unknown extension attributes are kept.
 */
export function validateEnvelope(candidate: unknown, arrivedAt: Date = new Date()): EventEnvelope {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) throw new InvalidMessageError('envelope must be a JSON object');
  const fields = candidate as Record<string, unknown>;
  const data = fields.data;
  const customerId = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>).customerId : undefined;
  const envelope = {
    ...fields,
    subject: fields.subject ?? (typeof customerId === 'string' ? customerId : undefined),
    correlationid: fields.correlationid ?? fields.id,
    schemaversion: fields.schemaversion ?? 1,
    time: fields.time ?? arrivedAt.toISOString(),
  };
  const problems = envelopeProblems(envelope);
  if (problems.length > 0) throw new InvalidMessageError(`invalid envelope: ${problems.join('; ')}`);
  try {
    // Checked after our rules, since the SDK accepts CloudEvents 0.3 and invents an id where none was sent.
    new CloudEvent(envelope as never, true);
  } catch (error) {
    const details = error instanceof ValidationError ? `${error.message}${error.errors?.length ? `: ${JSON.stringify(error.errors)}` : ''}` : String(error);
    throw new InvalidMessageError(`not a CloudEvents 1.0 envelope (${details})`);
  }
  return { ...(envelope as unknown as EventEnvelope), datacontenttype: 'application/json', schemaversion: Number(envelope.schemaversion) };
}

function envelopeProblems(fields: Record<string, unknown>): string[] {
  const text = (name: string, max: number) => {
    const value = fields[name];
    if (typeof value !== 'string' || value.length === 0) return `${name} is required`;
    return value.length > max ? `${name} must be at most ${max} characters` : null;
  };
  return [
    fields.specversion !== '1.0' ? 'specversion must be "1.0"' : null,
    text('id', 200),
    text('source', 1_000),
    text('type', 200),
    text('subject', 200),
    text('correlationid', 200),
    timeProblem(fields.time),
    fields.datacontenttype !== undefined && fields.datacontenttype !== 'application/json' ? 'datacontenttype must be application/json' : null,
    typeof fields.data !== 'object' || fields.data === null || Array.isArray(fields.data) ? 'data must be a JSON object' : null,
    !Number.isInteger(Number(fields.schemaversion)) || Number(fields.schemaversion) < 1 ? 'schemaversion must be a positive integer' : null,
  ].filter((p): p is string => p !== null);
}

function timeProblem(time: unknown): string | null {
  if (typeof time !== 'string' || !RFC3339.test(time)) return 'time must be an RFC 3339 timestamp';
  const at = Date.parse(time);
  return Number.isNaN(at) || at < EARLIEST || at > LATEST ? 'time must be between 1970-01-01 and 9999-12-31' : null;
}
