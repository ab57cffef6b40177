import { streamName, type FraudEvent, type RISK_DECISIONS } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';

/** A verdict as the fraud service publishes it on `referrals.fraud.v1`. */
export type PublishedVerdict = Extract<FraudEvent, { type: 'risk.assessed' | 'review.decided' }>;

/** Rewards' record of a published verdict: what releases, holds or reverses a referral's rewards. */
export type FraudVerdictLearned = DomainEvent<'fraud_verdict.learned', PublishedVerdict>;

/** clear releases, review holds for a person, block reverses; null while fraud has not spoken. */
export type FraudVerdict = (typeof RISK_DECISIONS)[number] | null;

export const isFraudVerdictLearned = canHandle<FraudVerdictLearned>({ 'fraud_verdict.learned': true });

/** `fraudverdict-<referral id>`: the verdicts rewards heard for one referral, in the order fraud published them. */
export const fraudVerdictStream = (referralId: string) => streamName('fraudverdict', referralId);

export function learnVerdict(_current: FraudVerdict, { data: verdict }: FraudVerdictLearned): FraudVerdict {
  switch (verdict.type) {
    case 'risk.assessed':
      return verdict.data.decision;
    case 'review.decided':
      return verdict.data.decision;
  }
}
