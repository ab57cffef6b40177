import { SchemaValidator } from '../schema-validator';
import { PROGRAM_DEFINITION_SCHEMA } from './program-definition';

describe('the program definition accepted by POST /v1/programs', () => {
  const validator = new SchemaValidator({ program: PROGRAM_DEFINITION_SCHEMA });
  const program = {
    name: 'Partners 2026',
    landingUrl: 'https://example.com/pricing',
    currency: 'EUR',
    attribution: { windowDays: 30, model: 'last_touch' },
    trigger: 'first_payment',
    holdDays: 14,
    referrerReward: { kind: 'credit', amount: 10_000 },
    refereeReward: { kind: 'percent_of_payment', basisPoints: 500 },
  };
  const fields = (change: object) => {
    const verdict = validator.validate('program', { ...program, ...change });
    return verdict.ok || verdict.reason !== 'invalid' ? [] : verdict.errors.map((e) => `${e.field} ${e.message}`);
  };

  it('accepts a double-sided program', () => expect(validator.validate('program', program)).toMatchObject({ ok: true }));

  it('names each bad field: float amount, unknown currency, bad URL, unknown trigger', () => {
    expect(fields({ referrerReward: { kind: 'credit', amount: 99.5 } })).toEqual(['/referrerReward/amount must be integer']);
    expect(fields({ currency: 'BTC' })).toEqual(['/currency must be equal to one of the allowed values']);
    expect(fields({ landingUrl: 'javascript:alert(1)' })).toEqual(['/landingUrl must match pattern "^https?://"']);
    expect(fields({ trigger: 'paid' })).toEqual(['/trigger must be equal to one of the allowed values']);
  });

  it('checks each reward kind against its own fields', () => {
    expect(fields({ refereeReward: { kind: 'free_months', amount: 2 } })).toEqual(expect.arrayContaining(["/refereeReward/months must have required property 'months'"]));
    expect(fields({ refereeReward: { kind: 'teleport' } })).toEqual(expect.arrayContaining(['/refereeReward value of tag "kind" must be in oneOf']));
  });
});
