import { streamName, type MilestoneReachedData } from '@referral-ledger/contracts';
import type { DomainEvent } from '@referral-ledger/decider';

/** A referrer's referral reward was released: one more conversion counts towards the milestones. */
export type ConversionCounted = DomainEvent<'conversion.counted', { programId: string; referrerId: string; referralId: string; countedAt: string }>;
/** Public, on `referrals.rewards.v1`. */
export type MilestoneReached = DomainEvent<'milestone.reached', MilestoneReachedData>;

export type ProgressEvent = ConversionCounted | MilestoneReached;

/** One referrer's released conversions in one program, and the milestones they reached. */
export interface ReferrerProgress {
  counted: Record<string, true>;
  conversions: number;
  /** By the milestone's count of conversions: each is reached once. */
  reached: Record<number, true>;
}

export const referrerProgressStream = (programId: string, referrerId: string) => streamName('progress', `${programId}:${referrerId}`);

export const initialProgress = (): ReferrerProgress => ({ counted: {}, conversions: 0, reached: {} });

export function evolve(state: ReferrerProgress, event: ProgressEvent): ReferrerProgress {
  switch (event.type) {
    case 'conversion.counted':
      return { ...state, counted: { ...state.counted, [event.data.referralId]: true }, conversions: state.conversions + 1 };
    case 'milestone.reached':
      return { ...state, reached: { ...state.reached, [event.data.conversions]: true } };
  }
}
