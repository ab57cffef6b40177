import type { DomainEvent } from '@referral-ledger/decider';
import type { JournalEntry } from '../ledger/journal-entry';

export type RewardRole = 'referrer' | 'referee' | 'second_level';
export type RewardKind = 'credit' | 'percent_of_payment' | 'free_months' | 'service_hours' | 'discount_percent' | 'feature_unlock' | 'points' | 'cash';
export type ReversalReason = 'referral_cancelled' | 'referral_rejected' | 'customer_banned';

export type RewardGranted = DomainEvent<
  'reward.granted',
  {
    rewardId: string;
    referralId: string;
    programId: string;
    beneficiaryId: string;
    role: RewardRole;
    kind: RewardKind;
    unit: string;
    amount: number;
    /** The hold: not releasable before this moment, and only once fraud screening said clear. */
    releasableAt: string;
    entry: JournalEntry;
    grantedAt: string;
  }
>;

export type RewardReleased = DomainEvent<'reward.released', { rewardId: string; beneficiaryId: string; unit: string; amount: number; entry: JournalEntry; releasedAt: string }>;

export type RewardReversed = DomainEvent<
  'reward.reversed',
  { rewardId: string; beneficiaryId: string; unit: string; amount: number; reason: ReversalReason; entry: JournalEntry; reversedAt: string }
>;

/** Nothing is booked: the conversion could not be rewarded as the program stands (e.g. paid in another currency). */
export type RewardWithheld = DomainEvent<
  'reward.withheld',
  { rewardId: string; referralId: string; programId: string; beneficiaryId: string; role: RewardRole; kind: RewardKind; reason: WithholdingReason; detail: string; withheldAt: string }
>;

export type WithholdingReason = 'currency_mismatch';

export type RewardEvent = RewardGranted | RewardReleased | RewardReversed | RewardWithheld;

/** A two-phase transfer: pending, then released (posted) or reversed (voided), exactly once; or withheld, with nothing booked. */
export type Reward =
  | { status: 'none' }
  | { status: 'pending' | 'released' | 'reversed'; grant: RewardGranted['data'] }
  | { status: 'withheld'; withheld: RewardWithheld['data'] };

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
