import { DeciderSpecification, IllegalStateError } from '@referral-ledger/decider';
import type { ReferralFacts } from '../fraud-rules/referral-facts';
import { referralRiskDecider, type AssessReferral } from './business-logic';
import type { ReferralRiskEvent } from './referral-risk';

const given = DeciderSpecification(referralRiskDecider).given;
const now = { now: new Date('2026-03-10T09:00:00Z') };
const facts: ReferralFacts = {
  referrer: { customerId: 'alice', emailIndex: 'idx-alice', deviceIds: [] },
  referee: { customerId: 'bob', emailIndex: 'idx-bob', emailDomain: 'example.com', deviceId: null, ipPrefixHash: null },
  signupsFromSameNetworkLastDay: 1,
  referrerReferralsLastDay: 1,
  refereeReferredReferrer: false,
  refereesSharingDevice: 0,
  clickToSignupSeconds: null,
  signupToConversionSeconds: null,
};
const assess = (change: Partial<ReferralFacts['referee']> = {}): AssessReferral => ({
  type: 'AssessReferral',
  data: { referralId: 'ref-1', facts: { ...facts, referee: { ...facts.referee, ...change } } },
  metadata: now,
});
const disposableReasons = ['The referee signed up with a disposable email domain (mailinator.com)'];
const inReview: ReferralRiskEvent[] = [
  {
    type: 'risk.assessed',
    data: { referralId: 'ref-1', decision: 'review', score: 50, reasons: disposableReasons, rules: ['disposable_email'], assessedAt: '2026-03-10T09:00:00.000Z' },
  },
  { type: 'review.opened', data: { reviewId: 'ref-1', referralId: 'ref-1', score: 50, reasons: disposableReasons, openedAt: '2026-03-10T09:00:00.000Z' } },
];

describe('the risk of a referral', () => {
  it('is assessed clear when nothing is suspicious', () =>
    given([])
      .when(assess())
      .then([{ type: 'risk.assessed', data: { referralId: 'ref-1', decision: 'clear', score: 0, reasons: [], rules: [], assessedAt: '2026-03-10T09:00:00.000Z' } }]));

  it('opens a review when in doubt', () =>
    given([])
      .when(assess({ emailDomain: 'mailinator.com' }))
      .then(inReview));

  it('is assessed once, whatever is redelivered', () => given(inReview).when(assess()).thenNothingHappens());

  it('is settled by a person, with a reason', () =>
    given(inReview)
      .when({ type: 'DecideReview', data: { decision: 'reject', reason: 'same company, fake seat', reviewer: 'admin' }, metadata: now })
      .then([
        {
          type: 'review.decided',
          data: { reviewId: 'ref-1', referralId: 'ref-1', decision: 'reject', reason: 'same company, fake seat', reviewer: 'admin', decidedAt: '2026-03-10T09:00:00.000Z' },
        },
      ]));

  it('cannot be reviewed without a reason, nor twice', () => {
    given(inReview)
      .when({ type: 'DecideReview', data: { decision: 'approve', reason: ' ', reviewer: 'admin' }, metadata: now })
      .thenThrows(IllegalStateError, 'needs a reason');
    given([...inReview, { type: 'review.decided', data: { reviewId: 'ref-1', referralId: 'ref-1', decision: 'approve', reason: 'ok', reviewer: 'admin', decidedAt: '' } }])
      .when({ type: 'DecideReview', data: { decision: 'reject', reason: 'changed my mind', reviewer: 'admin' }, metadata: now })
      .thenThrows(IllegalStateError, 'no open review');
  });
});
