import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per program and enrolled referrer: clicks, signups, conversions and rewards earned. */
@Entity({
  schema: 'analytics',
  name: 'referrer_stats',
  comment:
    'Per program and enrolled referrer: clicks on its links, signups and conversions it brought, money rewards earned (granted minus reversed and clawed back), first and last referral.',
})
export class ReferrerStats {
  @PrimaryColumn('text', { name: 'program_id' })
  programId!: string;

  @PrimaryColumn('text', { name: 'customer_id' })
  customerId!: string;

  @Column('bigint', { default: 0 })
  clicks!: bigint;

  @Column('bigint', { default: 0 })
  signups!: bigint;

  @Column('bigint', { default: 0 })
  conversions!: bigint;

  @Column('bigint', { name: 'rewards_earned_minor', default: 0 })
  rewardsEarnedMinor!: bigint;

  @Column('timestamptz', { name: 'first_referral_at', nullable: true })
  firstReferralAt!: Date | null;

  @Column('timestamptz', { name: 'last_referral_at', nullable: true })
  lastReferralAt!: Date | null;
}

/** Which referrer a reward went to, so its reversal is taken off the right row. */
@Entity({ schema: 'analytics', name: 'referrer_rewards' })
export class ReferrerReward {
  @PrimaryColumn('text', { name: 'reward_id' })
  rewardId!: string;

  @Column('text', { name: 'program_id' })
  programId!: string;

  @Column('text', { name: 'customer_id' })
  customerId!: string;
}
