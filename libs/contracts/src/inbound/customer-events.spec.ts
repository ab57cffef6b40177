import { SchemaValidator } from '../schema-validator';
import { CUSTOMER_EVENT_SCHEMAS } from './customer-events';

describe('inbound customer event schemas', () => {
  const validator = new SchemaValidator(CUSTOMER_EVENT_SCHEMAS);
  const fieldsOf = (type: string, data: unknown) => {
    const verdict = validator.validate(type, data);
    return verdict.ok || verdict.reason !== 'invalid' ? [] : verdict.errors.map((e) => e.field);
  };

  it('accepts a complete signup with a referral code and a minimal payment', () => {
    expect(
      validator.validate('customer.signed_up', {
        customerId: 'c-42',
        email: 'ada@example.com',
        referralCode: 'K7PX9M',
        ip: '203.0.113.7',
        country: 'DE',
        teamId: 'team-1',
      }),
    ).toMatchObject({ ok: true });
    expect(validator.validate('payment.succeeded', { customerId: 'c-42', paymentId: 'p-1', amount: 129_900, currency: 'EUR' })).toMatchObject({ ok: true });
  });

  it.each([
    ['a float amount', { amount: 12.5 }, '/amount'],
    ['a negative amount', { amount: -100 }, '/amount'],
    ['a zero amount', { amount: 0 }, '/amount'],
    ['an amount given as a string', { amount: '1299' }, '/amount'],
    ['an unknown currency', { currency: 'EURO' }, '/currency'],
    ['an unknown field', { discount: 5 }, '/discount'],
  ])('rejects a payment with %s', (_case, change, field) => {
    expect(fieldsOf('payment.succeeded', { customerId: 'c-42', paymentId: 'p-1', amount: 100, currency: 'EUR', ...change })).toContain(field);
  });

  it('rejects a signup without an email, with a malformed email, or with a bad country or IP', () => {
    expect(fieldsOf('customer.signed_up', { customerId: 'c-1' })).toEqual(['/email']);
    expect(fieldsOf('customer.signed_up', { customerId: 'c-1', email: 'not-an-email' })).toEqual(['/email']);
    expect(fieldsOf('customer.signed_up', { customerId: 'c-1', email: 'a@b.co', country: 'germany', ip: '999.1.1.1' })).toEqual(expect.arrayContaining(['/country', '/ip']));
  });

  it('bounds the NPS score to 0..10', () => {
    expect(validator.validate('nps.submitted', { customerId: 'c-1', score: 10 })).toMatchObject({ ok: true });
    expect(fieldsOf('nps.submitted', { customerId: 'c-1', score: 11 })).toEqual(['/score']);
  });
});
