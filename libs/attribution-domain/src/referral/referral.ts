import type {
  CANCELLATION_REASONS,
  REFERRAL_CHANNELS,
  REFERRAL_TRIGGERS,
  REJECTION_REASONS,
  ReferralAttributedData,
  ReferralCancelledData,
  ReferralConvertedData,
  ReferralQualifiedData,
  ReferralRejectedData,
} from '@referral-ledger/contracts';
import { streamName } from '@referral-ledger/contracts';
import type { DomainEvent } from '@referral-ledger/decider';

export type ReferralTrigger = (typeof REFERRAL_TRIGGERS)[number];
export type ReferralChannel = (typeof REFERRAL_CHANNELS)[number];
export type RejectionReason = (typeof REJECTION_REASONS)[number];
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export type ReferralAttributed = DomainEvent<'referral.attributed', ReferralAttributedData>;
export type ReferralRejected = DomainEvent<'referral.rejected', ReferralRejectedData>;
export type ReferralQualified = DomainEvent<'referral.qualified', ReferralQualifiedData>;
export type ReferralConverted = DomainEvent<'referral.converted', ReferralConvertedData>;
export type ReferralCancelled = DomainEvent<'referral.cancelled', ReferralCancelledData>;

/** `referral-<id>`: the referral aggregate. */
export const referralStream = (referralId: string) => streamName('referral', referralId);

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
      variantId: string | null;
      channel: ReferralChannel;
      convertedAt: string | null;
      /** The payment that converted it (trigger `first_payment`): refunding it undoes the conversion, even after the hold. */
      convertingPaymentId: string | null;
    }
  | { status: 'rejected_at_signup'; referralId: string; reason: RejectionReason };

export const initialState = (): Referral => ({ status: 'none' });

/** Rebuilds a referral from its events. */
export function evolve(state: Referral, event: ReferralEvent): Referral {
  switch (event.type) {
    case 'referral.attributed': {
      const { referralId, programId, programVersion, referrerId, refereeId, trigger, variantId = null, channel } = event.data;
      return { status: 'attributed', referralId, programId, programVersion, referrerId, refereeId, trigger, variantId, channel, convertedAt: null, convertingPaymentId: null };
    }
    case 'referral.rejected':
      if (state.status === 'none') return { status: 'rejected_at_signup', referralId: event.data.referralId, reason: event.data.reason };
      return state.status === 'rejected_at_signup' ? state : { ...state, status: 'rejected' };
    case 'referral.qualified':
      return state.status === 'attributed' ? { ...state, status: 'qualified' } : state;
    case 'referral.converted':
      return 'trigger' in state ? { ...state, status: 'converted', convertedAt: event.data.convertedAt, convertingPaymentId: event.data.payment?.paymentId ?? null } : state;
    case 'referral.cancelled':
      return 'trigger' in state ? { ...state, status: 'cancelled' } : state;
  }
}
