import { Type } from '@sinclair/typebox';
import { Id, Instant, OneOf, type DataOf, type EventsOf } from './schema-parts';

export const RISK_DECISIONS = ['clear', 'review', 'block'] as const;
export const REVIEW_DECISIONS = ['approve', 'reject'] as const;

const riskAssessed = Type.Object(
  {
    referralId: Id,
    decision: OneOf(RISK_DECISIONS),
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    reasons: Type.Array(Type.String(), { description: 'one human sentence per rule that fired' }),
    rules: Type.Array(Type.String()),
    assessedAt: Instant,
  },
  { description: 'A referral was scored: clear releases its rewards, review holds them for a person, block reverses them.' },
);

const reviewOpened = Type.Object(
  { reviewId: Id, referralId: Id, score: Type.Integer({ minimum: 0, maximum: 100 }), reasons: Type.Array(Type.String()), openedAt: Instant },
  { description: 'A referral waits for a reviewer.' },
);

const reviewDecided = Type.Object(
  { reviewId: Id, referralId: Id, decision: OneOf(REVIEW_DECISIONS), reason: Type.String(), reviewer: Type.String(), decidedAt: Instant },
  { description: 'A reviewer approved (rewards released) or rejected (rewards reversed) a referral.' },
);

/** `referrals.fraud.v1`, by event type. */
export const FRAUD_EVENT_SCHEMAS = {
  'risk.assessed': riskAssessed,
  'review.opened': reviewOpened,
  'review.decided': reviewDecided,
};

type Schemas = typeof FRAUD_EVENT_SCHEMAS;
export type FraudEvent = EventsOf<Schemas>;
export type RiskAssessedData = DataOf<Schemas, 'risk.assessed'>;
export type ReviewOpenedData = DataOf<Schemas, 'review.opened'>;
export type ReviewDecidedData = DataOf<Schemas, 'review.decided'>;
