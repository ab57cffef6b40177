import { IllegalStateError, canHandle, type Command } from '@referral-ledger/decider';
import { assessRisk } from '../fraud-rules/assessment';
import type { ReferralFacts } from '../fraud-rules/referral-facts';
import { evolve, initialState, type ReferralRisk, type ReferralRiskEvent } from './referral-risk';

export type AssessReferral = Command<'AssessReferral', { referralId: string; facts: ReferralFacts }>;
export type DecideReview = Command<'DecideReview', { decision: 'approve' | 'reject'; reason: string; reviewer: string }>;
export type ReferralRiskCommand = AssessReferral | DecideReview;

/** Scores a referral once; a doubtful one opens a review that holds its rewards. */
export function assess(command: AssessReferral, state: ReferralRisk): ReferralRiskEvent[] {
  if (state.status !== 'unassessed') return [];
  const { referralId, facts } = command.data;
  const now = command.metadata.now.toISOString();
  const { decision, score, reasons, rules } = assessRisk(facts);
  const assessed: ReferralRiskEvent = { type: 'risk.assessed', data: { referralId, decision, score, reasons, rules, assessedAt: now } };
  if (decision !== 'review') return [assessed];
  return [assessed, { type: 'review.opened', data: { reviewId: referralId, referralId, score, reasons, openedAt: now } }];
}

export function decideReview(command: DecideReview, state: ReferralRisk): ReferralRiskEvent[] {
  if (state.status !== 'assessed' || !state.reviewOpen) throw new IllegalStateError('This referral has no open review');
  if (command.data.reason.trim().length === 0) throw new IllegalStateError('A review decision needs a reason');
  const { decision, reason, reviewer } = command.data;
  return [
    {
      type: 'review.decided',
      data: { reviewId: state.referralId, referralId: state.referralId, decision, reason, reviewer, decidedAt: command.metadata.now.toISOString() },
    },
  ];
}

export function decide(command: ReferralRiskCommand, state: ReferralRisk): ReferralRiskEvent[] {
  const { type } = command;
  switch (type) {
    case 'AssessReferral':
      return assess(command, state);
    case 'DecideReview':
      return decideReview(command, state);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const referralRiskDecider = {
  decide,
  evolve,
  initialState,
  canHandle: canHandle<ReferralRiskEvent>({ 'risk.assessed': true, 'review.opened': true, 'review.decided': true }),
};
