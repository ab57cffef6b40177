import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { SchemaValidator } from '@referral-ledger/contracts';
import { errorBody } from './error-body';

/**
 * Validates a body against a named JSON Schema of the contracts, the same schemas Kafka consumers use.
 * Field names in the details are dotted paths (`referrerReward.amount`), as for class-validator DTOs.
 */
export class SchemaValidationPipe implements PipeTransform {
  constructor(
    private readonly validator: SchemaValidator,
    private readonly schema: string,
  ) {}

  transform(value: unknown): unknown {
    const verdict = this.validator.validate(this.schema, value);
    if (verdict.ok) return value;
    if (verdict.reason === 'unknown_schema') throw new Error(`No schema named ${this.schema}`);
    const details = verdict.errors.map((error) => ({ field: error.field.slice(1).replaceAll('/', '.'), message: error.message }));
    throw new BadRequestException(errorBody(400, 'Invalid request', details));
  }
}
