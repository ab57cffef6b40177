import type { ProgramDefinition } from '@referral-ledger/contracts';

/** The body of `POST /v1/programs` for an ordinary double-sided program in euros; override what the test is about. */
export function aProgramDefinition(overrides: Partial<Omit<ProgramDefinition, 'currency'>> = {}): ProgramDefinition & { currency: 'EUR' } {
  return {
    name: 'Partners',
    landingUrl: 'https://example.com/pricing',
    currency: 'EUR',
    attribution: { windowDays: 30, model: 'last_touch' },
    trigger: 'first_payment',
    holdDays: 0,
    referrerReward: { kind: 'credit', amount: 10_000 },
    refereeReward: { kind: 'credit', amount: 5_000 },
    ...overrides,
  };
}
