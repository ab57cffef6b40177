import { IllegalStateError, canHandle, type Command } from '@referral-ledger/decider';
import {
  evolve,
  initialState,
  type CancellationReason,
  type Referral,
  type ReferralCancelled,
  type ReferralChannel,
  type ReferralConverted,
  type ReferralEvent,
  type ReferralQualified,
  type ReferralRejected,
  type ReferralTrigger,
  type RejectionReason,
} from './referral';
import { variantFor, type VariantWeight } from '../program/variant-assignment';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Party {
  customerId: string;
  /** Blind index of the normalised email: equal for the same inbox, whatever the spelling. */
  emailIndex: string;
}

/** Everything the attribution service looked up before asking: the decider itself does no I/O. */
export type AttributeReferral = Command<
  'AttributeReferral',
  {
    referralId: string;
    code: string;
    channel: ReferralChannel;
    click: { clickId: string; clickedAt: Date } | null;
    /** null when the code is unknown. */
    program: { programId: string; version: number; active: boolean; trigger: ReferralTrigger; windowDays: number; variants: VariantWeight[]; referrerMustBePaying: boolean } | null;
    /** `paying`: the referrer has made a payment (what `eligibility.referrerMustBePaying` asks); `bannedFor`: why fraud banned them. */
    referrer: (Party & { paying: boolean; bannedFor: string | null }) | null;
    referee: Party & { alreadyCustomer: boolean };
    /** Another referral of this referee in the same program, if any. */
    existingReferralId: string | null;
  }
>;

export type QualifyReferral = Command<'QualifyReferral', Record<string, never>>;
export type RecordPayment = Command<'RecordPayment', { paymentId: string; amount: number; currency: string }>;
/** `refundedPaymentId`: the payment a refund gives back, if it was one. */
export type CancelReferral = Command<'CancelReferral', { reason: CancellationReason; holdDays: number; refundedPaymentId: string | null }>;
export type RejectForFraud = Command<'RejectForFraud', { detail: string }>;

export type ReferralCommand = AttributeReferral | QualifyReferral | RecordPayment | CancelReferral | RejectForFraud;

type Attributed = Extract<Referral, { trigger: ReferralTrigger }>;

export function attribute(command: AttributeReferral, state: Referral): ReferralEvent[] {
  if (state.status !== 'none') return [];
  const { referralId, code, channel, click, program, referrer, referee, existingReferralId } = command.data;
  const now = command.metadata.now;
  const reject = (reason: RejectionReason, detail: string): ReferralRejected[] => [
    {
      type: 'referral.rejected',
      data: {
        referralId,
        programId: program?.programId ?? null,
        referrerId: referrer?.customerId ?? null,
        refereeId: referee.customerId,
        reason,
        detail,
        rejectedAt: now.toISOString(),
      },
    },
  ];

  if (!program || !referrer) return reject('unknown_code', `No referrer has the code "${code}"`);
  if (!program.active) return reject('program_inactive', `Program ${program.programId} is not active`);
  if (referrer.bannedFor !== null) return reject('fraud', `The referrer is banned: ${referrer.bannedFor}`);
  if (referrer.customerId === referee.customerId) return reject('self_referral', 'The referee is the referrer');
  if (referrer.emailIndex === referee.emailIndex) return reject('self_referral', "The referee has the referrer's email address");
  if (referee.alreadyCustomer) return reject('referee_already_customer', 'The referee was already a customer');
  if (existingReferralId) return reject('duplicate_referee', `The referee was already referred (referral ${existingReferralId})`);
  if (program.referrerMustBePaying && !referrer.paying)
    return reject('referrer_not_paying', 'The program rewards referrals of paying customers only, and the referrer has not paid yet');
  if (click && now.getTime() - click.clickedAt.getTime() > program.windowDays * DAY_MS) {
    return reject('outside_window', `The click is older than the ${program.windowDays}-day attribution window`);
  }

  const attributed: ReferralEvent = {
    type: 'referral.attributed',
    data: {
      referralId,
      programId: program.programId,
      programVersion: program.version,
      referrerId: referrer.customerId,
      refereeId: referee.customerId,
      code,
      channel,
      clickId: click?.clickId ?? null,
      clickedAt: click?.clickedAt.toISOString() ?? null,
      trigger: program.trigger,
      variantId: variantFor(program.variants, program.programId, referrer.customerId),
      attributedAt: now.toISOString(),
    },
  };
  return program.trigger === 'signed_up' ? [attributed, ...convert(evolve(state, attributed) as Attributed, null, now)] : [attributed];
}

export function qualify(command: QualifyReferral, state: Referral): ReferralEvent[] {
  const referral = existing(state);
  if (!referral || referral.status !== 'attributed') return [];
  const { referralId, programId, referrerId, refereeId } = referral;
  const qualified: ReferralQualified = { type: 'referral.qualified', data: { referralId, programId, referrerId, refereeId, qualifiedAt: command.metadata.now.toISOString() } };
  return referral.trigger === 'qualified' ? [qualified, ...convert(referral, null, command.metadata.now)] : [qualified];
}

/** Only the first payment converts, and only once, whatever is redelivered. */
export function recordPayment(command: RecordPayment, state: Referral): ReferralEvent[] {
  const referral = existing(state);
  if (!referral || referral.trigger !== 'first_payment') return [];
  if (referral.status !== 'attributed' && referral.status !== 'qualified') return [];
  return convert(referral, command.data, command.metadata.now);
}

/**
 * Refund or churn cancels a referral not converted yet, or converted but still within the hold. After the hold only
 * a refund of the converting payment does: the conversion never really happened, and what was paid is clawed back.
 */
export function cancel(command: CancelReferral, state: Referral): ReferralCancelled[] {
  const referral = existing(state);
  if (!referral || !['attributed', 'qualified', 'converted'].includes(referral.status)) return [];
  const { now } = command.metadata;
  const holdOver = referral.status === 'converted' && now.getTime() >= new Date(referral.convertedAt as string).getTime() + command.data.holdDays * DAY_MS;
  const refundsConversion = referral.convertingPaymentId !== null && command.data.refundedPaymentId === referral.convertingPaymentId;
  if (holdOver && !refundsConversion) return [];
  const { referralId, programId, referrerId, refereeId } = referral;
  return [{ type: 'referral.cancelled', data: { referralId, programId, referrerId, refereeId, reason: command.data.reason, cancelledAt: now.toISOString() } }];
}

export function rejectForFraud(command: RejectForFraud, state: Referral): ReferralRejected[] {
  const referral = existing(state);
  if (!referral || !['attributed', 'qualified', 'converted'].includes(referral.status)) return [];
  const { referralId, programId, referrerId, refereeId } = referral;
  return [
    {
      type: 'referral.rejected',
      data: { referralId, programId, referrerId, refereeId, reason: 'fraud', detail: command.data.detail, rejectedAt: command.metadata.now.toISOString() },
    },
  ];
}

export function decide(command: ReferralCommand, state: Referral): ReferralEvent[] {
  const { type } = command;
  switch (type) {
    case 'AttributeReferral':
      return attribute(command, state);
    case 'QualifyReferral':
      return qualify(command, state);
    case 'RecordPayment':
      return recordPayment(command, state);
    case 'CancelReferral':
      return cancel(command, state);
    case 'RejectForFraud':
      return rejectForFraud(command, state);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const referralDecider = {
  decide,
  evolve,
  initialState,
  canHandle: canHandle<ReferralEvent>({
    'referral.attributed': true,
    'referral.rejected': true,
    'referral.qualified': true,
    'referral.converted': true,
    'referral.cancelled': true,
  }),
};

/** The attributed referral, or undefined for one rejected at signup; a command on no referral at all is a bug. */
function existing(state: Referral): Attributed | undefined {
  if (state.status === 'none') throw new IllegalStateError('There is no such referral');
  return 'trigger' in state ? state : undefined;
}

function convert(referral: Attributed, payment: ReferralConverted['data']['payment'], now: Date): ReferralConverted[] {
  const { referralId, programId, programVersion, referrerId, refereeId, trigger, variantId, channel } = referral;
  return [
    { type: 'referral.converted', data: { referralId, programId, programVersion, referrerId, refereeId, trigger, payment, variantId, channel, convertedAt: now.toISOString() } },
  ];
}
