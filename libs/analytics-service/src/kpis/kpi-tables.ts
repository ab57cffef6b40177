import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The referral funnel per UTC day, program, campaign, channel and country. */
@Entity({
  schema: 'analytics',
  name: 'kpi_daily',
  comment:
    "Referral funnel per UTC day. Unknown dimensions are 'none'. rejected counts every rejection, fraud_rejected those for fraud; reward_cost_minor counts money rewards granted minus reversed and clawed back; revenue_minor is the converting payments.",
})
export class KpiDaily {
  @PrimaryColumn('date')
  day!: string;

  @PrimaryColumn('text', { name: 'program_id' })
  programId!: string;

  @PrimaryColumn('text')
  campaign!: string;

  @PrimaryColumn('text')
  channel!: string;

  @PrimaryColumn('text')
  country!: string;

  @Column('bigint', { default: 0 })
  clicks!: bigint;

  @Column('bigint', { default: 0 })
  signups!: bigint;

  @Column('bigint', { default: 0 })
  qualified!: bigint;

  @Column('bigint', { default: 0 })
  conversions!: bigint;

  @Column('bigint', { default: 0 })
  rejected!: bigint;

  @Column('bigint', { name: 'reward_cost_minor', default: 0 })
  rewardCostMinor!: bigint;

  @Column('bigint', { name: 'revenue_minor', default: 0 })
  revenueMinor!: bigint;

  @Column('bigint', { name: 'fraud_rejected', default: 0 })
  fraudRejected!: bigint;
}

/** A click's campaign, channel and country, which its referral inherits. */
@Entity({ schema: 'analytics', name: 'click_dimensions' })
export class ClickDimensions {
  @PrimaryColumn('text', { name: 'click_id' })
  clickId!: string;

  @Column('text')
  campaign!: string;

  @Column('text')
  channel!: string;

  @Column('text')
  country!: string;
}

/** A referral's program, campaign, channel and country. */
@Entity({ schema: 'analytics', name: 'referral_dimensions' })
export class ReferralDimensions {
  @PrimaryColumn('text', { name: 'referral_id' })
  referralId!: string;

  @Column('text', { name: 'program_id' })
  programId!: string;

  @Column('text')
  campaign!: string;

  @Column('text')
  channel!: string;

  @Column('text')
  country!: string;
}
