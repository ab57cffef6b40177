import type { PaymentSucceeded, ReferralConvertedData } from '@referral-ledger/contracts';
import { handleCommand, readState, type CommandContext, type EventStore } from '@referral-ledger/event-store';
import { recurringShareDecider, recurringShareStream, valueOf, type RecurringShareEarned, type RewardSpec, type ShareTerms } from '@referral-ledger/rewards-domain';

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * `percent_of_payment` with `recurringMonths` (the B2B SaaS "20 % for 12 months, at most 500 €"): a conversion
 * starts the referrer's share in the referee's payments; each later payment earns its share once, all of them
 * together within `maxAmount`, decided on one stream per referee so concurrent payments cannot pass the cap.
 */
export class RecurringShares {
  constructor(private readonly store: EventStore) {}

  async start(
    converted: ReferralConvertedData,
    spec: Extract<RewardSpec, { kind: 'percent_of_payment' }>,
    terms: { currency: string; holdDays: number },
    context: CommandContext,
  ): Promise<void> {
    const { referralId, programId, referrerId, refereeId, variantId = null, payment, convertedAt } = converted;
    if (!payment || !spec.recurringMonths) return;
    const share: ShareTerms = {
      referralId,
      programId,
      referrerId,
      refereeId,
      variantId,
      basisPoints: spec.basisPoints,
      maxAmount: spec.maxAmount ?? null,
      currency: terms.currency,
      holdDays: terms.holdDays,
      until: new Date(new Date(convertedAt).getTime() + spec.recurringMonths * MONTH_MS).toISOString(),
      convertingPaymentId: payment.paymentId,
      firstAmount: valueOf(spec, terms.currency, payment)?.amount ?? 0,
    };
    await handleCommand(this.store, recurringShareStream(refereeId), recurringShareDecider, { type: 'StartShare', data: share, metadata: context }, context);
  }

  /** The shares a payment earns: none for a customer who is no referee of a recurring program (one read). */
  async earn(payment: PaymentSucceeded, context: CommandContext): Promise<Array<{ terms: ShareTerms; earned: RecurringShareEarned['data'] }>> {
    const stream = recurringShareStream(payment.customerId);
    const shares = await readState(this.store, stream, recurringShareDecider);
    if (Object.keys(shares).length === 0) return [];
    const { paymentId, amount, currency } = payment;
    const paidAt = context.now.toISOString();
    const { state } = await handleCommand(
      this.store,
      stream,
      recurringShareDecider,
      { type: 'ShareInPayment', data: { paymentId, amount, currency, paidAt }, metadata: context },
      context,
    );
    // Every share this payment earned, now or in an earlier delivery: granting again finds the same rewards.
    return Object.values(state).flatMap(({ terms, payments }) => (payments[paymentId] ? [{ terms, earned: payments[paymentId] }] : []));
  }

  async rewardIdsOf(refereeId: string, referralId: string): Promise<string[]> {
    const shares = await readState(this.store, recurringShareStream(refereeId), recurringShareDecider);
    return Object.values(shares[referralId]?.payments ?? {}).map((earned) => earned.rewardId);
  }
}
