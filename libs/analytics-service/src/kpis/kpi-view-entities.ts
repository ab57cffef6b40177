import { ViewColumn, ViewEntity } from 'typeorm';

/** analytics.funnel (docs/kpis.md). */
@ViewEntity({ schema: 'analytics', name: 'funnel', synchronize: false })
export class FunnelView {
  @ViewColumn({ name: 'program_id' })
  programId!: string | null;

  @ViewColumn()
  clicks!: bigint | null;

  @ViewColumn()
  signups!: bigint | null;

  @ViewColumn()
  qualified!: bigint | null;

  @ViewColumn()
  conversions!: bigint | null;

  @ViewColumn()
  rejected!: bigint | null;

  @ViewColumn({ name: 'fraud_rejected' })
  fraudRejected!: bigint | null;

  @ViewColumn({ name: 'click_to_signup_rate' })
  clickToSignupRate!: string | null;

  @ViewColumn({ name: 'signup_to_conversion_rate' })
  signupToConversionRate!: string | null;
}

/** analytics.leaderboard (docs/kpis.md). */
@ViewEntity({ schema: 'analytics', name: 'leaderboard', synchronize: false })
export class LeaderboardView {
  @ViewColumn({ name: 'program_id' })
  programId!: string | null;

  @ViewColumn({ name: 'customer_id' })
  customerId!: string | null;

  @ViewColumn()
  conversions!: bigint | null;

  @ViewColumn()
  signups!: bigint | null;

  @ViewColumn({ name: 'rewards_earned_minor' })
  rewardsEarnedMinor!: bigint | null;

  @ViewColumn()
  rank!: bigint | null;
}

/** analytics.program_kpis (docs/kpis.md). */
@ViewEntity({ schema: 'analytics', name: 'program_kpis', synchronize: false })
export class ProgramKpisView {
  @ViewColumn({ name: 'program_id' })
  programId!: string | null;

  @ViewColumn({ name: 'participation_rate' })
  participationRate!: string | null;

  @ViewColumn({ name: 'share_rate' })
  shareRate!: string | null;

  @ViewColumn({ name: 'conversion_rate' })
  conversionRate!: string | null;

  @ViewColumn({ name: 'cac_per_referral_minor' })
  cacPerReferralMinor!: string | null;

  @ViewColumn({ name: 'cac_per_channel_minor' })
  cacPerChannelMinor!: unknown | null;

  @ViewColumn({ name: 'payback_months' })
  paybackMonths!: string | null;

  @ViewColumn()
  roi!: string | null;

  @ViewColumn({ name: 'ltv_referred_minor' })
  ltvReferredMinor!: string | null;

  @ViewColumn({ name: 'ltv_not_referred_minor' })
  ltvNotReferredMinor!: string | null;

  @ViewColumn({ name: 'retention_90d_referred' })
  retention90dReferred!: string | null;

  @ViewColumn({ name: 'retention_90d_not_referred' })
  retention90dNotReferred!: string | null;

  @ViewColumn({ name: 'nps_referred' })
  npsReferred!: string | null;

  @ViewColumn({ name: 'nps_not_referred' })
  npsNotReferred!: string | null;

  @ViewColumn({ name: 'fraud_rate' })
  fraudRate!: string | null;
}
