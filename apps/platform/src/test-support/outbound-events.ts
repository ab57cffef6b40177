import { OUTBOUND_EVENT_SCHEMAS, SchemaValidator } from '@referral-ledger/contracts';
import type { EventStore } from '@referral-ledger/event-store';

const schemas = new SchemaValidator(OUTBOUND_EVENT_SCHEMAS);

/** Every outbound event in the store: the types seen, and each one whose data does not meet its published schema. */
export async function outboundEvents(store: EventStore) {
  const outbound = (await store.readAll()).filter((event) => schemas.knows(event.type));
  const failures = outbound.flatMap((event) => {
    const verdict = schemas.validate(event.type, event.data);
    return verdict.ok ? [] : [{ type: event.type, verdict }];
  });
  return { types: new Set(outbound.map((event) => event.type)), failures };
}
