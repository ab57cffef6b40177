import { Type } from '@sinclair/typebox';
import { Id, Instant, Nullable, OneOf, type DataOf, type EventsOf } from './schema-parts';

export const RISK_DECISIONS = ['clear', 'review', 'block'] as const;
/** A reviewer's word on a referral, in the words of the assessment it settles. */
export const REVIEW_DECISIONS = ['clear', 'block'] as const;

const riskAssessed = Type.Object(
  {
    referralId: Id,
    decision: OneOf(RISK_DECISIONS),
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    reasons: Type.Array(Type.String(), { description: 'one human sentence per rule that fired' }),
    rules: Type.Array(Type.String()),
    /** The numbers the rules looked at (counts, seconds, flags), at the referral's event time; no personal data. */
    facts: Type.Optional(Type.Record(Type.String(), Nullable(Type.Union([Type.Number(), Type.Boolean()])))),
    programId: Type.Optional(Id),
    referrerId: Type.Optional(Id),
    refereeId: Type.Optional(Id),
    assessedAt: Instant,
  },
  {
    description:
      'A referral was scored: clear releases its rewards, review holds them for a person, block rejects the referral and reverses them. Later evidence (more signups from the network, the conversion) may assess it again, only ever more severely.',
  },
);

const reviewOpened = Type.Object(
  { reviewId: Id, referralId: Id, score: Type.Integer({ minimum: 0, maximum: 100 }), reasons: Type.Array(Type.String()), openedAt: Instant },
  { description: 'A referral waits for a reviewer.' },
);

const reviewDecided = Type.Object(
  { reviewId: Id, referralId: Id, decision: OneOf(REVIEW_DECISIONS), reason: Type.String(), reviewer: Type.String(), decidedAt: Instant },
  { description: 'A reviewer cleared (rewards released) or blocked (referral rejected, rewards reversed) a referral.' },
);

const customerBanned = Type.Object(
  { customerId: Id, reason: Type.String({ minLength: 1 }), bannedBy: Type.String(), bannedAt: Instant },
  { description: 'A customer is banned: their pending rewards are voided and their future referrals rejected.' },
);

/** `referrals.fraud.v1`, by event type. */
export const FRAUD_EVENT_SCHEMAS = {
  'risk.assessed': riskAssessed,
  'review.opened': reviewOpened,
  'review.decided': reviewDecided,
  'customer.banned': customerBanned,
};

type Schemas = typeof FRAUD_EVENT_SCHEMAS;
export type FraudEvent = EventsOf<Schemas>;
export type RiskAssessedData = DataOf<Schemas, 'risk.assessed'>;
export type ReviewOpenedData = DataOf<Schemas, 'review.opened'>;
export type ReviewDecidedData = DataOf<Schemas, 'review.decided'>;
export type CustomerBannedData = DataOf<Schemas, 'customer.banned'>;
