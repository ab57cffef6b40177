import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per program variant: referrers, signups, conversions, reward cost and revenue. */
@Entity({
  schema: 'analytics',
  name: 'variant_results',
  comment: 'Per program variant: referrers who brought a signup, signups, conversions, money reward cost (granted minus reversed and clawed back), converting revenue.',
})
export class VariantResults {
  @PrimaryColumn('text', { name: 'program_id' })
  programId!: string;

  @PrimaryColumn('text', { name: 'variant_id' })
  variantId!: string;

  @Column('bigint', { default: 0 })
  referrers!: bigint;

  @Column('bigint', { default: 0 })
  signups!: bigint;

  @Column('bigint', { default: 0 })
  conversions!: bigint;

  @Column('bigint', { name: 'reward_cost_minor', default: 0 })
  rewardCostMinor!: bigint;

  @Column('bigint', { name: 'revenue_minor', default: 0 })
  revenueMinor!: bigint;
}

/** The variant a referral was made under. */
@Entity({ schema: 'analytics', name: 'variant_referrals' })
export class VariantReferral {
  @PrimaryColumn('text', { name: 'referral_id' })
  referralId!: string;

  @Column('text', { name: 'program_id' })
  programId!: string;

  @Column('text', { name: 'variant_id' })
  variantId!: string;
}

/** A referrer counted once per variant. */
@Entity({ schema: 'analytics', name: 'variant_referrers' })
export class VariantReferrer {
  @PrimaryColumn('text', { name: 'program_id' })
  programId!: string;

  @PrimaryColumn('text', { name: 'variant_id' })
  variantId!: string;

  @PrimaryColumn('text', { name: 'referrer_id' })
  referrerId!: string;
}
