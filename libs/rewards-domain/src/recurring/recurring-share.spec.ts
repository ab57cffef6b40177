import { DeciderSpecification } from '@referral-ledger/decider';
import { recurringRewardId, recurringShareDecider, type RecurringShareEarned, type RecurringShareStarted, type ShareInPayment, type ShareTerms } from './recurring-share';

const given = DeciderSpecification(recurringShareDecider).given;
const at = '2026-05-01T10:00:00.000Z';
const terms: ShareTerms = {
  referralId: 'ref-1',
  programId: 'p1',
  referrerId: 'alice',
  refereeId: 'bob',
  variantId: null,
  basisPoints: 2_000,
  maxAmount: 50_000,
  currency: 'EUR',
  holdDays: 0,
  until: '2027-01-01T00:00:00.000Z',
  convertingPaymentId: 'pay-1',
  firstAmount: 20_000,
};
const started: RecurringShareStarted = { type: 'recurring_share.started', data: terms };
const payment = (paymentId: string, amount: number, paidAt = at, currency = 'EUR'): ShareInPayment => ({
  type: 'ShareInPayment',
  data: { paymentId, amount, currency, paidAt },
  metadata: { now: new Date(at) },
});
const earned = (paymentId: string, amount: number): RecurringShareEarned => ({
  type: 'recurring_share.earned',
  data: { referralId: 'ref-1', paymentId, rewardId: recurringRewardId('ref-1', paymentId), amount, earnedAt: at },
});

describe("a referrer's recurring share in the referee's payments", () => {
  it('is started once per referral', () => {
    given([])
      .when({ type: 'StartShare', data: terms, metadata: { now: new Date(at) } })
      .then([started]);
    given([started])
      .when({ type: 'StartShare', data: terms, metadata: { now: new Date(at) } })
      .thenNothingHappens();
  });

  it('earns its basis points of each later payment, rounded down', () =>
    given([started])
      .when(payment('pay-2', 100_001))
      .then([earned('pay-2', 20_000)]));

  it('stops at maxAmount for all shares together, the converting one included', () =>
    given([started, earned('pay-2', 20_000)])
      .when(payment('pay-3', 100_000))
      .then([earned('pay-3', 10_000)]));

  it('earns nothing past the cap, past its months, in another currency, or twice for one payment', () => {
    given([started, earned('pay-2', 20_000), earned('pay-3', 10_000)])
      .when(payment('pay-4', 100_000))
      .thenNothingHappens();
    given([started])
      .when(payment('pay-5', 100_000, '2027-01-01T00:00:00.000Z'))
      .thenNothingHappens();
    given([started])
      .when(payment('pay-6', 100_000, at, 'USD'))
      .thenNothingHappens();
    given([started, earned('pay-2', 20_000)])
      .when(payment('pay-2', 100_000))
      .thenNothingHappens();
    given([started]).when(payment('pay-1', 100_000)).thenNothingHappens();
  });

  it('has no cap without maxAmount', () =>
    given([{ ...started, data: { ...terms, maxAmount: null } }, earned('pay-2', 20_000), earned('pay-3', 20_000)])
      .when(payment('pay-4', 100_000))
      .then([earned('pay-4', 20_000)]));

  it('is nothing for a customer who is no referee of such a program', () => given([]).when(payment('pay-2', 100_000)).thenNothingHappens());
});
