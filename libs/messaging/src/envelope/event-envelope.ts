import { CloudEvent, ValidationError } from 'cloudevents';
import { InvalidMessageError } from '../processing/invalid-message-error';

/** The public Kafka envelope (DESIGN.md §4): CloudEvents 1.0 structured JSON plus two extensions. */
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

export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(new CloudEvent({ ...envelope }, true)));
}

/** Parses and validates bytes from the wire; anything unusable is an InvalidMessageError (no retry helps). */
export function decodeEnvelope(value: Buffer | string | null): EventEnvelope {
  if (value === null || value.length === 0) throw new InvalidMessageError('empty message');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    throw new InvalidMessageError('not JSON');
  }
  return validateEnvelope(parsed);
}

/** Checks an already-parsed object (e.g. an HTTP body) against the envelope contract. */
export function validateEnvelope(candidate: unknown): EventEnvelope {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) throw new InvalidMessageError('envelope must be a JSON object');
  const fields = candidate as Record<string, unknown>;
  // Checked before the SDK, which would accept CloudEvents 0.3 and invent an id where none was sent.
  const problems = [
    fields.specversion !== '1.0' ? 'specversion must be "1.0"' : null,
    typeof fields.id !== 'string' || fields.id.length === 0 ? 'id is required' : null,
    typeof fields.subject !== 'string' || fields.subject.length === 0 ? 'subject is required' : null,
    typeof fields.time !== 'string' ? 'time is required' : null,
    fields.datacontenttype !== undefined && fields.datacontenttype !== 'application/json' ? 'datacontenttype must be application/json' : null,
    typeof fields.data !== 'object' || fields.data === null ? 'data must be a JSON object' : null,
    typeof fields.correlationid !== 'string' || fields.correlationid.length === 0 ? 'correlationid is required' : null,
    !Number.isInteger(Number(fields.schemaversion)) || Number(fields.schemaversion) < 1 ? 'schemaversion must be a positive integer' : null,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) throw new InvalidMessageError(`invalid envelope: ${problems.join('; ')}`);
  try {
    new CloudEvent(fields as never, true);
  } catch (error) {
    const details = error instanceof ValidationError ? `${error.message}${error.errors?.length ? `: ${JSON.stringify(error.errors)}` : ''}` : String(error);
    throw new InvalidMessageError(`not a CloudEvents 1.0 envelope (${details})`);
  }
  return { ...(fields as unknown as EventEnvelope), datacontenttype: 'application/json', schemaversion: Number(fields.schemaversion) };
}
