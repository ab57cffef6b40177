import { SchemaValidator, describeFieldErrors } from './schema-validator';

describe('SchemaValidator', () => {
  const validator = new SchemaValidator({
    'payment.succeeded': {
      type: 'object',
      required: ['customerId', 'amount'],
      properties: { customerId: { type: 'string', minLength: 1 }, amount: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    },
  });

  it('accepts data that matches the schema of its type', () => {
    expect(validator.validate('payment.succeeded', { customerId: 'c1', amount: 1200 })).toMatchObject({ ok: true });
  });

  it('names every offending field', () => {
    const verdict = validator.validate('payment.succeeded', { amount: 12.5 });
    expect(verdict).toEqual({
      ok: false,
      reason: 'invalid',
      errors: expect.arrayContaining([
        { field: '/customerId', message: "must have required property 'customerId'" },
        { field: '/amount', message: 'must be integer' },
      ]),
    });
    if (verdict.ok === false && verdict.reason === 'invalid') expect(describeFieldErrors(verdict.errors)).toContain('/amount must be integer');
  });

  it('names an unknown field itself, not the object holding it', () => {
    expect(validator.validate('payment.succeeded', { customerId: 'c1', amount: 1, amont: 2 })).toEqual({
      ok: false,
      reason: 'invalid',
      errors: [{ field: '/amont', message: 'is not a known field' }],
    });
  });

  it('says when a type has no schema', () => {
    expect(validator.validate('payment.teleported', {})).toEqual({ ok: false, reason: 'unknown_schema' });
  });
});
