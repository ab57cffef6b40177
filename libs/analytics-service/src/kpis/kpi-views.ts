import { sqlMigration, type MigrationClass } from '@referral-ledger/postgres';

/** One column of a view: what it means, in a sentence, beside the SQL that computes it. */
export interface KpiDefinition {
  column: string;
  definition: string;
  sql: string;
}

interface KpiView {
  name: string;
  description: string;
  /** Common table expressions the columns read, if any. */
  with?: string;
  /** What the columns read from: the FROM clause and its WHERE. */
  from: string;
  groupBy?: string;
  columns: KpiDefinition[];
}

/**
 * The views analysts query (DESIGN.md §6). Every KPI is defined once, here, and docs/kpis.md is generated from it
 * (`npm run docs:kpis`). Rates are fractions (0.25 is 25 %), money is minor units, NPS runs from −100 to 100; a
 * ratio with nothing to divide by is null.
 */
export const KPI_VIEW_DEFINITIONS: readonly KpiView[] = [
  {
    name: 'funnel',
    description: 'The referral funnel per program, over all days of `kpi_daily`.',
    from: 'FROM analytics.kpi_daily',
    groupBy: 'program_id',
    columns: [
      { column: 'program_id', definition: 'the program', sql: 'program_id' },
      { column: 'clicks', definition: 'clicks on share links', sql: 'sum(clicks)::bigint' },
      { column: 'signups', definition: 'referrals attributed (a referred signup)', sql: 'sum(signups)::bigint' },
      { column: 'qualified', definition: 'referrals qualified as leads', sql: 'sum(qualified)::bigint' },
      { column: 'conversions', definition: "referrals that met the program's trigger", sql: 'sum(conversions)::bigint' },
      { column: 'rejected', definition: 'referrals rejected, for any reason', sql: 'sum(rejected)::bigint' },
      { column: 'fraud_rejected', definition: 'referrals rejected for fraud', sql: 'sum(fraud_rejected)::bigint' },
      { column: 'click_to_signup_rate', definition: 'signups / clicks', sql: 'round(sum(signups)::numeric / nullif(sum(clicks), 0), 4)' },
      { column: 'signup_to_conversion_rate', definition: 'conversions / signups', sql: 'round(sum(conversions)::numeric / nullif(sum(signups), 0), 4)' },
    ],
  },
  {
    name: 'leaderboard',
    description: 'Referrers who brought at least one signup, ranked per program.',
    from: 'FROM analytics.referrer_stats WHERE signups > 0',
    columns: [
      { column: 'program_id', definition: 'the program', sql: 'program_id' },
      { column: 'customer_id', definition: 'the referrer', sql: 'customer_id' },
      { column: 'conversions', definition: 'conversions it brought', sql: 'conversions' },
      { column: 'signups', definition: 'signups it brought', sql: 'signups' },
      { column: 'rewards_earned_minor', definition: 'money rewards it earned: granted minus reversed and clawed back', sql: 'rewards_earned_minor' },
      {
        column: 'rank',
        definition: 'by conversions, then money earned; equal referrers share a rank',
        sql: 'rank() OVER (PARTITION BY program_id ORDER BY conversions DESC, rewards_earned_minor DESC)',
      },
    ],
  },
  {
    name: 'program_kpis',
    description: 'What a program does for the business, one row per program.',
    with: `WITH funnel AS (
  SELECT program_id, sum(signups) AS signups, sum(conversions) AS conversions, sum(fraud_rejected) AS fraud_rejected,
         sum(reward_cost_minor) AS reward_cost, sum(revenue_minor) AS revenue
  FROM analytics.kpi_daily GROUP BY program_id),
referrers AS (
  SELECT program_id, count(*) AS enrolled, count(*) FILTER (WHERE clicks > 0 OR signups > 0) AS sharing FROM analytics.referrer_stats GROUP BY program_id),
active AS (SELECT count(*) AS customers FROM analytics.customer_value WHERE cancelled_at IS NULL),
customers AS (
  SELECT program_id, referred, revenue_minor - refunded_minor AS value,
         CASE WHEN signed_up_at <= now() - interval '90 days' THEN cancelled_at IS NULL OR cancelled_at > signed_up_at + interval '90 days' END AS retained_90d,
         CASE WHEN last_nps >= 9 THEN 1 WHEN last_nps <= 6 THEN -1 WHEN last_nps IS NOT NULL THEN 0 END AS nps_side
  FROM analytics.customer_value),
referred AS (
  SELECT program_id, avg(value) AS ltv, avg(retained_90d::int) AS retention, 100 * avg(nps_side) AS nps FROM customers WHERE referred GROUP BY program_id),
not_referred AS (
  SELECT avg(value) AS ltv, avg(retained_90d::int) AS retention, 100 * avg(nps_side) AS nps FROM customers WHERE NOT referred),
monthly AS (
  SELECT program_id, avg((revenue_minor - refunded_minor) / greatest(1, extract(epoch FROM now() - signed_up_at) / 2629800)) AS revenue
  FROM analytics.customer_value WHERE referred AND signed_up_at IS NOT NULL GROUP BY program_id),
channels AS (
  SELECT program_id, jsonb_object_agg(channel, round(spend_minor::numeric / nullif(customers, 0))) AS cac FROM analytics.channel_costs GROUP BY program_id)`,
    from: `FROM funnel LEFT JOIN referrers USING (program_id) LEFT JOIN referred USING (program_id) LEFT JOIN monthly USING (program_id)
  LEFT JOIN channels USING (program_id) CROSS JOIN active CROSS JOIN not_referred`,
    columns: [
      { column: 'program_id', definition: 'the program', sql: 'funnel.program_id' },
      {
        column: 'participation_rate',
        definition: "customers enrolled as the program's referrers / active customers (every customer heard of who has not churned)",
        sql: 'round(referrers.enrolled::numeric / nullif(active.customers, 0), 4)',
      },
      { column: 'share_rate', definition: 'referrers with at least one click or signup / referrers', sql: 'round(referrers.sharing::numeric / nullif(referrers.enrolled, 0), 4)' },
      { column: 'conversion_rate', definition: 'conversions / signups', sql: 'round(funnel.conversions / nullif(funnel.signups, 0), 4)' },
      {
        column: 'cac_per_referral_minor',
        definition: 'reward cost (money rewards of both sides, granted minus reversed and clawed back) / conversions',
        sql: 'round(funnel.reward_cost / nullif(funnel.conversions, 0))',
      },
      {
        column: 'cac_per_channel_minor',
        definition: 'per other acquisition channel the admin entered (`PUT /v1/programs/:id/channel-costs`): spend / customers won, for comparison',
        sql: 'channels.cac',
      },
      {
        column: 'payback_months',
        definition: "CAC per referral / a referred customer's average monthly revenue (payments minus refunds over the months since signup, at least one)",
        sql: 'round(funnel.reward_cost / nullif(funnel.conversions, 0) / nullif(monthly.revenue, 0), 1)',
      },
      { column: 'roi', definition: '(converting revenue − reward cost) / reward cost', sql: 'round((funnel.revenue - funnel.reward_cost) / nullif(funnel.reward_cost, 0), 4)' },
      { column: 'ltv_referred_minor', definition: 'average of payments minus refunds, over the customers the program referred', sql: 'round(referred.ltv)' },
      { column: 'ltv_not_referred_minor', definition: 'the same over customers nobody referred', sql: 'round(not_referred.ltv)' },
      {
        column: 'retention_90d_referred',
        definition: 'of the referred customers who signed up at least 90 days ago, the share that had not churned 90 days after signing up',
        sql: 'round(referred.retention, 4)',
      },
      { column: 'retention_90d_not_referred', definition: 'the same for customers nobody referred', sql: 'round(not_referred.retention, 4)' },
      {
        column: 'nps_referred',
        definition: "NPS of the referred customers' last answers: % promoters (9–10) − % detractors (0–6)",
        sql: 'round(referred.nps, 1)',
      },
      { column: 'nps_not_referred', definition: 'the same for customers nobody referred', sql: 'round(not_referred.nps, 1)' },
      { column: 'fraud_rate', definition: 'referrals rejected for fraud / signups', sql: 'round(funnel.fraud_rejected / nullif(funnel.signups, 0), 4)' },
    ],
  },
];

export const viewSql = (view: KpiView): string =>
  [
    `CREATE VIEW analytics.${view.name} AS`,
    ...(view.with ? [view.with] : []),
    `SELECT ${view.columns.map(({ column, sql }) => (sql === column ? column : `${sql} AS ${column}`)).join(',\n       ')}`,
    `${view.from}${view.groupBy ? ` GROUP BY ${view.groupBy}` : ''};`,
  ].join('\n');

export const KPI_VIEWS: readonly MigrationClass[] = [
  sqlMigration('AnalyticsKpiViews1700000003900', {
    up: `
      ${KPI_VIEW_DEFINITIONS.map(viewSql).join('\n\n')}
      DO $$ BEGIN
        GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO analyst;
      EXCEPTION WHEN undefined_object OR insufficient_privilege THEN RAISE NOTICE 'analyst role not granted the views: %', SQLERRM;
      END $$;
    `,
    down: [...KPI_VIEW_DEFINITIONS]
      .reverse()
      .map((view) => `DROP VIEW analytics.${view.name};`)
      .join('\n'),
  }),
];
