import { Type } from '@sinclair/typebox';
import { Id, Instant, MinorUnits, Nullable, OneOf, type DataOf, type EventsOf } from './schema-parts';

export const REFERRAL_TRIGGERS = ['signed_up', 'qualified', 'first_payment'] as const;
export const REFERRAL_CHANNELS = ['code', 'link', 'team_invite'] as const;
export const REJECTION_REASONS = [
  'unknown_code',
  'program_inactive',
  'outside_window',
  'self_referral',
  'referee_already_customer',
  'duplicate_referee',
  'referrer_not_paying',
  'fraud',
] as const;
export const CANCELLATION_REASONS = ['payment_refunded', 'subscription_cancelled'] as const;

const referrerEnrolled = Type.Object(
  {
    programId: Id,
    customerId: Id,
    emailIndex: Type.String({ description: 'keyed blind index (HMAC) of the normalised email, for equality checks' }),
    encryptedEmail: Type.String({ description: "AES-256-GCM ciphertext under the customer's data key: unreadable once the customer is forgotten" }),
    enrolledAt: Instant,
  },
  { description: 'A customer joined a program as a referrer.' },
);

const codeIssued = Type.Object(
  { programId: Id, customerId: Id, code: Type.String(), vanity: Type.Boolean(), issuedAt: Instant },
  { description: 'A referral code (generated or vanity) now belongs to a referrer.' },
);

const linkClicked = Type.Object(
  {
    clickId: Id,
    code: Type.String(),
    programId: Id,
    referrerId: Id,
    utm: Type.Object({ source: Nullable(Type.String()), medium: Nullable(Type.String()), campaign: Nullable(Type.String()) }),
    channel: Type.String(),
    country: Nullable(Type.String({ pattern: '^[A-Z]{2}$' })),
    ipHash: Nullable(Type.String()),
    userAgentHash: Nullable(Type.String()),
    /** The same browser's first click in this program within its window (from a cookie on the share link), for first-touch attribution. */
    firstClickId: Type.Optional(Nullable(Id)),
    clickedAt: Instant,
  },
  { description: 'Someone followed a share link; the click id travels to the landing page.' },
);

const referralAttributed = Type.Object(
  {
    referralId: Id,
    programId: Id,
    programVersion: Type.Integer({ minimum: 1 }),
    referrerId: Id,
    refereeId: Id,
    code: Type.String(),
    channel: OneOf(REFERRAL_CHANNELS),
    clickId: Nullable(Id),
    clickedAt: Nullable(Instant),
    trigger: OneOf(REFERRAL_TRIGGERS),
    /** The program variant (A/B test) the referrer is in; null or absent when the program has none. */
    variantId: Type.Optional(Nullable(Id)),
    attributedAt: Instant,
  },
  { description: 'A signup was attributed to a referrer; the program version in force is the one that judges it.' },
);

const referralRejected = Type.Object(
  { referralId: Id, programId: Nullable(Id), referrerId: Nullable(Id), refereeId: Id, reason: OneOf(REJECTION_REASONS), detail: Type.String(), rejectedAt: Instant },
  { description: 'A referral is refused, at signup or later (fraud).' },
);

const referralQualified = Type.Object(
  { referralId: Id, programId: Id, referrerId: Id, refereeId: Id, qualifiedAt: Instant },
  { description: 'The referee became a qualified lead.' },
);

const referralConverted = Type.Object(
  {
    referralId: Id,
    programId: Id,
    programVersion: Type.Integer({ minimum: 1 }),
    referrerId: Id,
    refereeId: Id,
    trigger: OneOf(REFERRAL_TRIGGERS),
    payment: Nullable(Type.Object({ paymentId: Id, amount: MinorUnits, currency: Type.String({ pattern: '^[A-Z]{3}$' }) })),
    variantId: Type.Optional(Nullable(Id)),
    channel: Type.Optional(OneOf(REFERRAL_CHANNELS)),
    convertedAt: Instant,
  },
  { description: "The referral met its program's trigger: rewards are granted now." },
);

const referralCancelled = Type.Object(
  { referralId: Id, programId: Id, referrerId: Id, refereeId: Id, reason: OneOf(CANCELLATION_REASONS), cancelledAt: Instant },
  { description: 'Refund or churn during the hold: rewards still pending are reversed.' },
);

/** `referrals.attribution.v1`, by event type. */
export const ATTRIBUTION_EVENT_SCHEMAS = {
  'referrer.enrolled': referrerEnrolled,
  'code.issued': codeIssued,
  'link.clicked': linkClicked,
  'referral.attributed': referralAttributed,
  'referral.rejected': referralRejected,
  'referral.qualified': referralQualified,
  'referral.converted': referralConverted,
  'referral.cancelled': referralCancelled,
};

type Schemas = typeof ATTRIBUTION_EVENT_SCHEMAS;
export type AttributionEvent = EventsOf<Schemas>;
export type ReferrerEnrolledData = DataOf<Schemas, 'referrer.enrolled'>;
export type CodeIssuedData = DataOf<Schemas, 'code.issued'>;
export type LinkClickedData = DataOf<Schemas, 'link.clicked'>;
export type ReferralAttributedData = DataOf<Schemas, 'referral.attributed'>;
export type ReferralRejectedData = DataOf<Schemas, 'referral.rejected'>;
export type ReferralQualifiedData = DataOf<Schemas, 'referral.qualified'>;
export type ReferralConvertedData = DataOf<Schemas, 'referral.converted'>;
export type ReferralCancelledData = DataOf<Schemas, 'referral.cancelled'>;
