import type { REVERSAL_REASONS, REWARD_KINDS, REWARD_ROLES, RewardGrantedData, RewardReleasedData, RewardReversedData } from '@referral-ledger/contracts';
import type { DomainEvent } from '@referral-ledger/decider';

export type RewardRole = (typeof REWARD_ROLES)[number];
export type RewardKind = (typeof REWARD_KINDS)[number];
export type ReversalReason = (typeof REVERSAL_REASONS)[number];

export type RewardGranted = DomainEvent<'reward.granted', RewardGrantedData>;
export type RewardReleased = DomainEvent<'reward.released', RewardReleasedData>;
export type RewardReversed = DomainEvent<'reward.reversed', RewardReversedData>;

/** Nothing is booked: the conversion could not be rewarded as the program stands (e.g. paid in another currency). */
export type RewardWithheld = DomainEvent<
  'reward.withheld',
  {
    rewardId: string;
    referralId: string;
    programId: string;
    beneficiaryId: string;
    role: RewardRole;
    kind: RewardKind;
    reason: WithholdingReason;
    detail: string;
    withheldAt: string;
  }
>;

/** Paid in another currency than the program's; past a referrer's cap; past the program's budget; a team invite the program does not reward. */
export type WithholdingReason = 'currency_mismatch' | 'cap_reached' | 'budget_exhausted' | 'team_invite';

export type RewardEvent = RewardGranted | RewardReleased | RewardReversed | RewardWithheld;

/** A two-phase transfer: pending, then released (posted) or reversed (voided), exactly once; or withheld, with nothing booked. */
export type Reward = { status: 'none' } | { status: 'pending' | 'released' | 'reversed'; grant: RewardGranted['data'] } | { status: 'withheld'; withheld: RewardWithheld['data'] };

export const initialState = (): Reward => ({ status: 'none' });

export function evolve(state: Reward, event: RewardEvent): Reward {
  switch (event.type) {
    case 'reward.granted':
      return { status: 'pending', grant: event.data };
    case 'reward.released':
      return state.status === 'pending' ? { ...state, status: 'released' } : state;
    case 'reward.reversed':
      return state.status === 'pending' || state.status === 'released' ? { ...state, status: 'reversed' } : state;
    case 'reward.withheld':
      return state.status === 'none' ? { status: 'withheld', withheld: event.data } : state;
  }
}
