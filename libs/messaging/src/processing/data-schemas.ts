import { describeFieldErrors, type SchemaVerdict } from '@referral-ledger/contracts';
import { InvalidMessageError } from './invalid-message-error';

/** What checks a message's `data` against its type's schema (the contracts' SchemaValidator). */
export interface DataSchemas {
  validate(type: string, data: unknown): SchemaVerdict;
}

/** Refuses, with the fields named, a message whose `data` fails its type's schema or whose type has none. */
export function assertValidData(schemas: DataSchemas | undefined, event: { type: string; data: unknown }): void {
  const verdict = schemas?.validate(event.type, event.data);
  if (!verdict || verdict.ok) return;
  if (verdict.reason === 'unknown_schema') throw new InvalidMessageError(`unknown event type "${event.type}"`);
  throw new InvalidMessageError(`invalid data for ${event.type}: ${describeFieldErrors(verdict.errors)}`);
}
