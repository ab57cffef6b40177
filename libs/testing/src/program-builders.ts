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

/**
 * For scripted traffic that is not about fraud (load tests, caps, milestones: numbered referees, many per referrer,
 * paying the instant they sign up): screening still runs on every referral, but lets such traffic through.
 */
export const SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS: NonNullable<ProgramDefinition['fraud']> = {
  referrerReferralsPerDay: 100_000,
  similarEmailsPerDay: 100_000,
  networkSignupsPerHour: 100_000,
  networkSignupsPerDay: 100_000,
  minClickToSignupSeconds: 0,
  minSignupToPaymentSeconds: 0,
};
