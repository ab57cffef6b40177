import { DeciderSpecification, IllegalStateError, UnknownSubjectError } from '@referral-ledger/decider';
import { DEFAULT_FRAUD_THRESHOLDS } from '../fraud-rules/fraud-thresholds';
import { honestReferral } from '../fraud-rules/honest-referral';
import type { ReferralFacts } from '../fraud-rules/referral-facts';
import { referralRiskDecider, type AssessReferral } from './business-logic';
import type { ReferralRiskEvent } from './referral-risk';

const given = DeciderSpecification(referralRiskDecider).given;
const now = { now: new Date('2026-03-10T09:00:00Z') };
const at = '2026-03-10T09:00:00.000Z';
const subject = { referralId: 'ref-1', programId: 'prog-1', referrerId: 'alice', refereeId: 'bob' };

const assess = (change: Partial<ReferralFacts> = {}): AssessReferral => ({
  type: 'AssessReferral',
  data: { subject, facts: { ...honestReferral, ...change }, thresholds: DEFAULT_FRAUD_THRESHOLDS, summary: { networkSignupsWithinHour: 1 } },
  metadata: now,
});
const busyNetwork = { network: { signupsWithinHour: 6, signupsWithinDay: 6, sameDomainWithinHour: 1, sameDomainWithinDay: 1 } };
const networkReason = '6 signups from the same network (/24 or /64) within an hour (threshold 5)';
const assessed = (decision: 'clear' | 'review' | 'block', score: number, reasons: string[], rules: string[]): ReferralRiskEvent => ({
  type: 'risk.assessed',
  data: { ...subject, decision, score, reasons, rules, facts: { networkSignupsWithinHour: 1 }, assessedAt: at },
});
const cleared = assessed('clear', 0, [], []);
const inReview: ReferralRiskEvent[] = [
  assessed('review', 45, [networkReason], ['network_velocity']),
  { type: 'review.opened', data: { reviewId: 'ref-1', referralId: 'ref-1', score: 45, reasons: [networkReason], openedAt: at } },
];
const decided = (decision: 'clear' | 'block'): ReferralRiskEvent => ({
  type: 'review.decided',
  data: { reviewId: 'ref-1', referralId: 'ref-1', decision, reason: 'checked', reviewer: 'admin', decidedAt: at },
});

describe('the risk of a referral', () => {
  it('is assessed clear when nothing is suspicious, with who and the numbers', () => given([]).when(assess()).then([cleared]));

  it('opens a review when in doubt', () => given([]).when(assess(busyNetwork)).then(inReview));

  it('is assessed again only when later evidence makes it worse', () => {
    given([cleared]).when(assess()).thenNothingHappens();
    given([cleared]).when(assess(busyNetwork)).then(inReview);
    given(inReview)
      .when(assess({ network: { ...busyNetwork.network, signupsWithinHour: 15, signupsWithinDay: 15 }, signupToConversionSeconds: 20 }))
      .then([
        assessed(
          'block',
          100,
          ['15 signups from the same network (/24 or /64) within an hour (threshold 5)', 'Paid 20s after signing up (under 60s)'],
          ['network_velocity', 'timing'],
        ),
      ]);
    given(inReview).when(assess()).thenNothingHappens();
  });

  it('is settled by a person, with a reason, and no later evidence changes that', () => {
    given(inReview)
      .when({ type: 'DecideReview', data: { decision: 'block', reason: 'same company, fake seat', reviewer: 'admin' }, metadata: now })
      .then([{ type: 'review.decided', data: { reviewId: 'ref-1', referralId: 'ref-1', decision: 'block', reason: 'same company, fake seat', reviewer: 'admin', decidedAt: at } }]);
    given([...inReview, decided('clear')])
      .when(assess({ referredEachOther: true }))
      .thenNothingHappens();
  });

  it('cannot be reviewed without a reason, twice, or once a block closed the review', () => {
    given(inReview)
      .when({ type: 'DecideReview', data: { decision: 'clear', reason: ' ', reviewer: 'admin' }, metadata: now })
      .thenThrows(IllegalStateError, 'needs a reason');
    given([...inReview, decided('clear')])
      .when({ type: 'DecideReview', data: { decision: 'block', reason: 'changed my mind', reviewer: 'admin' }, metadata: now })
      .thenThrows(IllegalStateError, 'no open review');
    given([...inReview, assessed('block', 100, ['x'], ['referral_ring'])])
      .when({ type: 'DecideReview', data: { decision: 'clear', reason: 'fine', reviewer: 'admin' }, metadata: now })
      .thenThrows(IllegalStateError, 'no open review');
  });

  it('has no review to decide before fraud assessed it', () =>
    given([])
      .when({ type: 'DecideReview', data: { decision: 'clear', reason: 'fine', reviewer: 'admin' }, metadata: now })
      .thenThrows(UnknownSubjectError, 'has not assessed'));
});
