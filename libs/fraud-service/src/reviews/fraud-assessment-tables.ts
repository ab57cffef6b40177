import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One step of a referral's fraud history: a screening or a reviewer's decision. */
@Entity({ schema: 'fraud', name: 'assessment_history' })
export class FraudAssessmentRecord {
  @PrimaryColumn('text', { name: 'referral_id' })
  referralId!: string;

  @PrimaryColumn('integer')
  seq!: number;

  @Column('text')
  kind!: string;

  @Column('text', { nullable: true })
  decision!: string | null;

  @Column('integer', { nullable: true })
  score!: number | null;

  @Column('jsonb')
  reasons!: unknown;

  @Column('jsonb')
  rules!: unknown;

  @Column('jsonb', { nullable: true })
  facts!: unknown | null;

  @Column('text', { nullable: true })
  actor!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('timestamptz')
  at!: Date;
}

/** A referral in the review queue, with its score, reasons and decision. */
@Entity({ schema: 'fraud', name: 'reviews' })
@Index('reviews_by_status', ['status', 'openedAt'])
export class FraudReview {
  @PrimaryColumn('text', { name: 'review_id' })
  reviewId!: string;

  @Column('text', { name: 'referral_id' })
  referralId!: string;

  @Column('text')
  status!: string;

  @Column('integer')
  score!: number;

  @Column('jsonb')
  reasons!: unknown;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  @Column('text', { nullable: true })
  decision!: string | null;

  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason!: string | null;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}

/** A banned customer. */
@Entity({ schema: 'fraud', name: 'bans' })
export class FraudBan {
  @PrimaryColumn('text', { name: 'customer_id' })
  customerId!: string;

  @Column('text')
  reason!: string;

  @Column('text', { name: 'banned_by' })
  bannedBy!: string;

  @Column('timestamptz', { name: 'banned_at' })
  bannedAt!: Date;
}
