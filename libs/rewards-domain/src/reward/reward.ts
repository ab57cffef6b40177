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

export type RewardEvent = RewardGranted | RewardReleased | RewardReversed;

/** A two-phase transfer: pending, then released (posted) or reversed (voided), exactly once. */
export type Reward =
  | { status: 'none' }
  | { status: 'pending' | 'released' | 'reversed'; grant: RewardGranted['data'] };

export const initialState = (): Reward => ({ status: 'none' });

export function evolve(state: Reward, event: RewardEvent): Reward {
  switch (event.type) {
    case 'reward.granted':
      return { status: 'pending', grant: event.data };
    case 'reward.released':
      return state.status === 'none' ? state : { ...state, status: 'released' };
    case 'reward.reversed':
      return state.status === 'none' ? state : { ...state, status: 'reversed' };
  }
}
