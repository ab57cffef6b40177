import type { ReviewDecidedData, ReviewOpenedData, RiskAssessedData } from '@referral-ledger/contracts';
import type { DomainEvent } from '@referral-ledger/decider';
import type { RiskDecision } from '../fraud-rules/assessment';

export type RiskAssessed = DomainEvent<'risk.assessed', RiskAssessedData>;
export type ReviewOpened = DomainEvent<'review.opened', ReviewOpenedData>;
export type ReviewDecided = DomainEvent<'review.decided', ReviewDecidedData>;
export type ReferralRiskEvent = RiskAssessed | ReviewOpened | ReviewDecided;

/**
 * `outcome` is what rewards act on: clear releases, block reverses, review waits for a person. A person's decision
 * is final: later evidence no longer re-assesses the referral.
 */
export type ReferralRisk =
  { status: 'unassessed' } | { status: 'assessed'; referralId: string; outcome: RiskDecision; score: number; reviewOpen: boolean; decidedByPerson: boolean };

export const initialState = (): ReferralRisk => ({ status: 'unassessed' });

export function evolve(state: ReferralRisk, event: ReferralRiskEvent): ReferralRisk {
  switch (event.type) {
    case 'risk.assessed':
      return { status: 'assessed', referralId: event.data.referralId, outcome: event.data.decision, score: event.data.score, reviewOpen: false, decidedByPerson: false };
    case 'review.opened':
      return state.status === 'assessed' ? { ...state, reviewOpen: true } : state;
    case 'review.decided':
      return state.status === 'assessed' ? { ...state, reviewOpen: false, outcome: event.data.decision, decidedByPerson: true } : state;
  }
}
