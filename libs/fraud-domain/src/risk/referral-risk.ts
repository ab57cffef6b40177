import type { DomainEvent } from '@referral-ledger/decider';
import type { RiskDecision } from '../fraud-rules/assessment';

export type RiskAssessed = DomainEvent<'risk.assessed', { referralId: string; decision: RiskDecision; score: number; reasons: string[]; rules: string[]; assessedAt: string }>;
export type ReviewOpened = DomainEvent<'review.opened', { reviewId: string; referralId: string; score: number; reasons: string[]; openedAt: string }>;
export type ReviewDecided = DomainEvent<
  'review.decided',
  { reviewId: string; referralId: string; decision: 'approve' | 'reject'; reason: string; reviewer: string; decidedAt: string }
>;

export type ReferralRiskEvent = RiskAssessed | ReviewOpened | ReviewDecided;

/** `outcome` is what rewards act on: clear releases, block reverses, review waits for a person. */
export type ReferralRisk =
  | { status: 'unassessed' }
  | { status: 'assessed'; referralId: string; outcome: RiskDecision; reviewOpen: boolean };

export const initialState = (): ReferralRisk => ({ status: 'unassessed' });

export function evolve(state: ReferralRisk, event: ReferralRiskEvent): ReferralRisk {
  switch (event.type) {
    case 'risk.assessed':
      return { status: 'assessed', referralId: event.data.referralId, outcome: event.data.decision, reviewOpen: false };
    case 'review.opened':
      return state.status === 'assessed' ? { ...state, reviewOpen: true } : state;
    case 'review.decided':
      return state.status === 'assessed' ? { ...state, reviewOpen: false, outcome: event.data.decision === 'approve' ? 'clear' : 'block' } : state;
  }
}
