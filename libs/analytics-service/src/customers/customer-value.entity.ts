import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer, referred or not: payments, refunds, churn and last NPS answer. */
@Entity({
  schema: 'analytics',
  name: 'customer_value',
  comment: 'Per customer: referred (and in which program) or not, signup, payments and refunds in minor units, churn, last NPS answer (0-10).',
})
export class CustomerValue {
  @PrimaryColumn('text', { name: 'customer_id' })
  customerId!: string;

  @Column('boolean')
  referred!: boolean;

  @Column('text', { name: 'program_id', nullable: true })
  programId!: string | null;

  @Column('timestamptz', { name: 'signed_up_at', nullable: true })
  signedUpAt!: Date | null;

  @Column('bigint', { name: 'revenue_minor', default: 0 })
  revenueMinor!: bigint;

  @Column('bigint', { name: 'refunded_minor', default: 0 })
  refundedMinor!: bigint;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column('smallint', { name: 'last_nps', nullable: true })
  lastNps!: number | null;
}
