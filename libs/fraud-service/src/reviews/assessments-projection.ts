import { sqlMigration } from '@referral-ledger/postgres';
import { canHandle } from '@referral-ledger/decider';
import type { CustomerBanned, ReferralRiskEvent } from '@referral-ledger/fraud-domain';
import type { Projection } from '@referral-ledger/projections';
import { FraudAssessmentRecord, FraudBan, FraudReview } from './fraud-assessment-tables';

type AssessmentEvent = ReferralRiskEvent | CustomerBanned;

/** `fraud-assessments`: each referral's assessment history, the review queue and the bans, from fraud's own events. */
export const assessmentsProjection: Projection<AssessmentEvent> = {
  name: 'fraud-assessments',
  entities: [FraudAssessmentRecord, FraudReview, FraudBan],
  migrations: [
    sqlMigration('FraudAssessments1700000002100', {
      up: `
        CREATE SCHEMA IF NOT EXISTS fraud;
        CREATE TABLE fraud.assessment_history (
          referral_id text NOT NULL, seq integer NOT NULL, kind text NOT NULL, decision text, score integer, reasons jsonb NOT NULL,
          rules jsonb NOT NULL, facts jsonb, actor text, note text, at timestamptz NOT NULL, PRIMARY KEY (referral_id, seq)
        );
        CREATE TABLE fraud.reviews (
          review_id text PRIMARY KEY, referral_id text NOT NULL, status text NOT NULL, score integer NOT NULL, reasons jsonb NOT NULL, opened_at timestamptz NOT NULL,
          decision text, decision_reason text, decided_by text, decided_at timestamptz
        );
        CREATE INDEX reviews_by_status ON fraud.reviews (status, opened_at);
        CREATE TABLE fraud.bans (customer_id text PRIMARY KEY, reason text NOT NULL, banned_by text NOT NULL, banned_at timestamptz NOT NULL);
      `,
      down: `DROP TABLE fraud.assessment_history, fraud.reviews, fraud.bans`,
    }),
  ],
  canHandle: canHandle<AssessmentEvent>({ 'risk.assessed': true, 'review.opened': true, 'review.decided': true, 'customer.banned': true }),
  async handle(events, client) {
    const history = (
      referralId: string,
      row: {
        kind: string;
        decision: string | null;
        score: number | null;
        reasons: string[];
        rules: string[];
        facts: unknown;
        actor: string | null;
        note: string | null;
        at: string;
      },
    ) =>
      client.query(
        `INSERT INTO fraud.assessment_history
         SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM fraud.assessment_history WHERE referral_id = $1`,
        [
          referralId,
          row.kind,
          row.decision,
          row.score,
          JSON.stringify(row.reasons),
          JSON.stringify(row.rules),
          row.facts === null ? null : JSON.stringify(row.facts),
          row.actor,
          row.note,
          row.at,
        ],
      );
    for (const event of events) {
      switch (event.type) {
        case 'risk.assessed': {
          const { referralId, decision, score, reasons, rules, facts, assessedAt } = event.data;
          await history(referralId, { kind: 'assessed', decision, score, reasons, rules, facts: facts ?? null, actor: 'fraud', note: null, at: assessedAt });
          // A block settles the referral: a review still open has nothing left to decide.
          if (decision === 'block') await client.query(`UPDATE fraud.reviews SET status = 'closed' WHERE review_id = $1 AND status = 'open'`, [referralId]);
          break;
        }
        case 'review.opened': {
          const { reviewId, referralId, score, reasons, openedAt } = event.data;
          await history(referralId, { kind: 'review_opened', decision: 'review', score, reasons, rules: [], facts: null, actor: 'fraud', note: null, at: openedAt });
          await client.query(
            `INSERT INTO fraud.reviews (review_id, referral_id, status, score, reasons, opened_at) VALUES ($1, $2, 'open', $3, $4, $5)
             ON CONFLICT (review_id) DO UPDATE SET status = 'open', score = excluded.score, reasons = excluded.reasons, opened_at = excluded.opened_at`,
            [reviewId, referralId, score, JSON.stringify(reasons), openedAt],
          );
          break;
        }
        case 'review.decided': {
          const { reviewId, referralId, decision, reason, reviewer, decidedAt } = event.data;
          await history(referralId, { kind: 'review_decided', decision, score: null, reasons: [], rules: [], facts: null, actor: reviewer, note: reason, at: decidedAt });
          await client.query(`UPDATE fraud.reviews SET status = 'decided', decision = $2, decision_reason = $3, decided_by = $4, decided_at = $5 WHERE review_id = $1`, [
            reviewId,
            decision,
            reason,
            reviewer,
            decidedAt,
          ]);
          break;
        }
        case 'customer.banned': {
          const { customerId, reason, bannedBy, bannedAt } = event.data;
          await client.query('INSERT INTO fraud.bans VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [customerId, reason, bannedBy, bannedAt]);
          break;
        }
      }
    }
  },
};
