import { IllegalStateError, UnknownSubjectError, canHandle, type Command } from '@referral-ledger/decider';
import { assessRisk, moreSevere } from '../fraud-rules/assessment';
import type { FraudThresholds } from '../fraud-rules/fraud-thresholds';
import type { ReferralFacts } from '../fraud-rules/referral-facts';
import { evolve, initialState, type ReferralRisk, type ReferralRiskEvent } from './referral-risk';

export interface ReferralSubject {
  referralId: string;
  programId: string;
  referrerId: string;
  refereeId: string;
}

export type AssessReferral = Command<
  'AssessReferral',
  {
    subject: ReferralSubject;
    facts: ReferralFacts;
    thresholds: FraudThresholds;
    /** the numbers behind the facts, as published */ summary: Record<string, number | boolean | null>;
  }
>;
export type DecideReview = Command<'DecideReview', { decision: 'clear' | 'block'; reason: string; reviewer: string }>;
export type ReferralRiskCommand = AssessReferral | DecideReview;

/**
 * Scores a referral, and again whenever fraud learns more about it; a new assessment is recorded only when it is more
 * severe than the last (clear → review → block), and never after a person decided. Review opens a review that holds
 * its rewards; block closes any open one.
 */
export function assess(command: AssessReferral, state: ReferralRisk): ReferralRiskEvent[] {
  if (state.status === 'assessed' && state.decidedByPerson) return [];
  const { subject, facts, thresholds, summary } = command.data;
  const { decision, score, reasons, rules } = assessRisk(facts, thresholds);
  if (state.status === 'assessed' && !moreSevere(decision, state.outcome)) return [];
  const now = command.metadata.now.toISOString();
  const { referralId, programId, referrerId, refereeId } = subject;
  const assessed: ReferralRiskEvent = {
    type: 'risk.assessed',
    data: { referralId, programId, referrerId, refereeId, decision, score, reasons, rules, facts: summary, assessedAt: now },
  };
  if (decision !== 'review') return [assessed];
  return [assessed, { type: 'review.opened', data: { reviewId: referralId, referralId, score, reasons, openedAt: now } }];
}

export function decideReview(command: DecideReview, state: ReferralRisk): ReferralRiskEvent[] {
  if (state.status !== 'assessed') throw new UnknownSubjectError('No review: fraud has not assessed this referral');
  if (!state.reviewOpen) throw new IllegalStateError('This referral has no open review');
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
