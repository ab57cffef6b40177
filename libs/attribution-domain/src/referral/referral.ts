import type { DomainEvent } from '@referral-ledger/decider';

export type ReferralTrigger = 'signed_up' | 'qualified' | 'first_payment';
export type ReferralChannel = 'code' | 'link' | 'team_invite';

export type RejectionReason =
  | 'unknown_code'
  | 'program_inactive'
  | 'outside_window'
  | 'self_referral'
  | 'referee_already_customer'
  | 'duplicate_referee'
  | 'fraud';

export type CancellationReason = 'payment_refunded' | 'subscription_cancelled';

export type ReferralAttributed = DomainEvent<
  'referral.attributed',
  {
    referralId: string;
    programId: string;
    programVersion: number;
    referrerId: string;
    refereeId: string;
    code: string;
    channel: ReferralChannel;
    clickId: string | null;
    /** What converts this referral, from the program version in force at attribution. */
    trigger: ReferralTrigger;
    attributedAt: string;
  }
>;

export type ReferralRejected = DomainEvent<
  'referral.rejected',
  {
    referralId: string;
    programId: string | null;
    referrerId: string | null;
    refereeId: string;
    reason: RejectionReason;
    detail: string;
    rejectedAt: string;
  }
>;

export type ReferralQualified = DomainEvent<'referral.qualified', { referralId: string; programId: string; referrerId: string; refereeId: string; qualifiedAt: string }>;

export type ReferralConverted = DomainEvent<
  'referral.converted',
  {
    referralId: string;
    programId: string;
    programVersion: number;
    referrerId: string;
    refereeId: string;
    trigger: ReferralTrigger;
    /** The converting payment, for `first_payment` programs (percent-of-payment rewards need it). */
    payment: { paymentId: string; amount: number; currency: string } | null;
    convertedAt: string;
  }
>;

export type ReferralCancelled = DomainEvent<
  'referral.cancelled',
  { referralId: string; programId: string; referrerId: string; refereeId: string; reason: CancellationReason; cancelledAt: string }
>;

export type ReferralEvent = ReferralAttributed | ReferralRejected | ReferralQualified | ReferralConverted | ReferralCancelled;

export type Referral =
  | { status: 'none' }
  | {
      status: 'attributed' | 'qualified' | 'converted' | 'rejected' | 'cancelled';
      referralId: string;
      programId: string;
      programVersion: number;
      referrerId: string;
      refereeId: string;
      trigger: ReferralTrigger;
      convertedAt: string | null;
    }
  | { status: 'rejected_at_signup'; referralId: string; reason: RejectionReason };

export const initialState = (): Referral => ({ status: 'none' });

/** Rebuilds a referral from its events. */
export function evolve(state: Referral, event: ReferralEvent): Referral {
  switch (event.type) {
    case 'referral.attributed': {
      const { referralId, programId, programVersion, referrerId, refereeId, trigger } = event.data;
      return { status: 'attributed', referralId, programId, programVersion, referrerId, refereeId, trigger, convertedAt: null };
    }
    case 'referral.rejected':
      if (state.status === 'none') return { status: 'rejected_at_signup', referralId: event.data.referralId, reason: event.data.reason };
      return state.status === 'rejected_at_signup' ? state : { ...state, status: 'rejected' };
    case 'referral.qualified':
      return state.status === 'attributed' ? { ...state, status: 'qualified' } : state;
    case 'referral.converted':
      return 'trigger' in state ? { ...state, status: 'converted', convertedAt: event.data.convertedAt } : state;
    case 'referral.cancelled':
      return 'trigger' in state ? { ...state, status: 'cancelled' } : state;
  }
}

