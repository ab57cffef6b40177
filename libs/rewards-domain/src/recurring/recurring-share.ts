import { createHash } from 'node:crypto';
import { streamName } from '@referral-ledger/contracts';
import { IllegalStateError, canHandle, type Command, type DomainEvent } from '@referral-ledger/decider';
import { shareOf } from '../program/program-rules';

/**
 * `percent_of_payment` with `recurringMonths`: the referrer earns a share of every payment of the referee until
 * `until`, all shares of the referral together (the converting one included) at most `maxAmount`.
 */
export interface ShareTerms {
  referralId: string;
  programId: string;
  referrerId: string;
  refereeId: string;
  variantId: string | null;
  basisPoints: number;
  maxAmount: number | null;
  currency: string;
  holdDays: number;
  until: string;
  /** Its share was the conversion's own reward, counted in `firstAmount`. */
  convertingPaymentId: string;
  firstAmount: number;
}

export type RecurringShareStarted = DomainEvent<'recurring_share.started', ShareTerms>;
/** One later payment's share: granted as its own reward, role `recurring_share`. */
export type RecurringShareEarned = DomainEvent<'recurring_share.earned', { referralId: string; paymentId: string; rewardId: string; amount: number; earnedAt: string }>;
export type RecurringShareEvent = RecurringShareStarted | RecurringShareEarned;

export type StartShare = Command<'StartShare', ShareTerms>;
export type ShareInPayment = Command<'ShareInPayment', { paymentId: string; amount: number; currency: string; paidAt: string }>;
export type RecurringShareCommand = StartShare | ShareInPayment;

export interface Share {
  terms: ShareTerms;
  /** All shares so far, the converting one included: what `maxAmount` caps. */
  paid: number;
  /** What each later payment earned, by payment id. */
  payments: Record<string, RecurringShareEarned['data']>;
}

/** The recurring shares in one referee's payments, by referral (a referee may be referred in several programs). */
export type RecurringShares = Record<string, Share>;

/** `recurringshare-<referee>`: every payment of the referee is looked up here once. */
export const recurringShareStream = (refereeId: string) => streamName('recurringshare', refereeId);

/** Each share's reward id follows from the referral and the payment, so a redelivered payment finds the same one. */
export const recurringRewardId = (referralId: string, paymentId: string) => `share-${createHash('sha256').update(`${referralId}\u0000${paymentId}`).digest('hex').slice(0, 32)}`;

export function evolve(shares: RecurringShares, event: RecurringShareEvent): RecurringShares {
  switch (event.type) {
    case 'recurring_share.started':
      return { ...shares, [event.data.referralId]: { terms: event.data, paid: event.data.firstAmount, payments: {} } };
    case 'recurring_share.earned': {
      const share = shares[event.data.referralId];
      if (!share) return shares;
      return { ...shares, [event.data.referralId]: { ...share, paid: share.paid + event.data.amount, payments: { ...share.payments, [event.data.paymentId]: event.data } } };
    }
  }
}

/** Each payment of the referee, once: a share of it for every referral still within its months and under its cap. */
export function decide(command: RecurringShareCommand, shares: RecurringShares): RecurringShareEvent[] {
  const { type } = command;
  switch (type) {
    case 'StartShare':
      return shares[command.data.referralId] ? [] : [{ type: 'recurring_share.started', data: command.data }];
    case 'ShareInPayment': {
      const { paymentId, amount, currency, paidAt } = command.data;
      return Object.values(shares).flatMap(({ terms, paid, payments }): RecurringShareEarned[] => {
        const counted = paymentId === terms.convertingPaymentId || payments[paymentId] !== undefined;
        if (counted || currency !== terms.currency || paidAt >= terms.until) return [];
        const share = Math.min(shareOf(amount, terms.basisPoints), (terms.maxAmount ?? Number.MAX_SAFE_INTEGER) - paid);
        if (share <= 0) return [];
        const rewardId = recurringRewardId(terms.referralId, paymentId);
        return [{ type: 'recurring_share.earned', data: { referralId: terms.referralId, paymentId, rewardId, amount: share, earnedAt: command.metadata.now.toISOString() } }];
      });
    }
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const recurringShareDecider = {
  decide,
  evolve,
  initialState: (): RecurringShares => ({}),
  canHandle: canHandle<RecurringShareEvent>({ 'recurring_share.started': true, 'recurring_share.earned': true }),
};
