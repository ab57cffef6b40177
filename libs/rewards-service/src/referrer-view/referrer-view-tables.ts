import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A reward as its beneficiary sees it: amount, status and why. */
@Entity({ schema: 'rewards', name: 'reward_status' })
@Index('reward_status_by_referral', ['referralId'])
export class RewardStatusRow {
  @PrimaryColumn('text', { name: 'reward_id' })
  rewardId!: string;

  @Column('text', { name: 'referral_id' })
  referralId!: string;

  @Column('text', { name: 'beneficiary_id' })
  beneficiaryId!: string;

  @Column('text')
  role!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  unit!: string;

  @Column('bigint')
  amount!: bigint;

  @Column('text')
  status!: string;

  @Column('timestamptz', { name: 'releasable_at' })
  releasableAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'voucher_code', nullable: true })
  voucherCode!: string | null;
}

/** A referral as its referrer sees it: status, reason, channel and variant. */
@Entity({ schema: 'rewards', name: 'referral_status' })
@Index('referral_status_by_referrer', ['referrerId', 'programId'])
export class ReferralStatusRow {
  @PrimaryColumn('text', { name: 'referral_id' })
  referralId!: string;

  @Column('text', { name: 'program_id', nullable: true })
  programId!: string | null;

  @Column('text', { name: 'referrer_id', nullable: true })
  referrerId!: string | null;

  @Column('text', { name: 'referee_id' })
  refereeId!: string;

  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { nullable: true })
  channel!: string | null;

  @Column('timestamptz', { name: 'attributed_at', nullable: true })
  attributedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('text', { name: 'variant_id', nullable: true })
  variantId!: string | null;
}
