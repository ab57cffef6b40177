import { CUSTOMER_EVENT_SCHEMAS, SchemaValidator, type CustomerEventData } from '@referral-ledger/contracts';
import { InvalidMessageError, validateEnvelope, type EventEnvelope } from '@referral-ledger/messaging';
import { errorBody, type ErrorBody } from '@referral-ledger/service-kit';

const schemas = new SchemaValidator<CustomerEventData>(CUSTOMER_EVENT_SCHEMAS);

export type Admission = { ok: true; envelope: EventEnvelope<CustomerEventData[keyof CustomerEventData]> } | { ok: false; error: ErrorBody };

/**
 * Checks one inbound CloudEvent against the envelope contract and its type's schema, as Kafka does: only the
 * attributes CloudEvents requires are required, and a refusal names the field.
 */
export function admitPlatformEvent(candidate: unknown, arrivedAt: Date): Admission {
  let envelope: EventEnvelope;
  try {
    envelope = validateEnvelope(candidate, arrivedAt);
  } catch (error) {
    if (error instanceof InvalidMessageError) return { ok: false, error: errorBody(400, error.message) };
    throw error;
  }
  const verdict = schemas.validate(envelope.type, envelope.data);
  if (verdict.ok) return { ok: true, envelope: { ...envelope, data: verdict.value } };
  if (verdict.reason === 'unknown_schema') {
    return {
      ok: false,
      error: errorBody(400, `Unknown event type "${envelope.type}"`, [{ field: 'type', message: `must be one of ${Object.keys(CUSTOMER_EVENT_SCHEMAS).join(', ')}` }]),
    };
  }
  return {
    ok: false,
    error: errorBody(
      400,
      `Invalid data for ${envelope.type}`,
      verdict.errors.map((e) => ({ field: `data${e.field.replaceAll('/', '.')}`, message: e.message })),
    ),
  };
}
