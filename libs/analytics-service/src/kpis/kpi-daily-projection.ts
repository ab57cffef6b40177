import type { PoolClient } from 'pg';
import { applyByEventType, type Projection } from '@referral-ledger/projections';

type Data = Record<string, unknown>;
type Measure = 'clicks' | 'signups' | 'qualified' | 'conversions' | 'rejected' | 'reward_cost_minor' | 'revenue_minor';
const NONE = 'none';

/**
 * `analytics.kpi_daily` (DESIGN.md §6): one row per day, program, campaign, channel and country. Later
 * events of a referral are counted under the dimensions it had when attributed (`analytics.referral_dimensions`).
 */
export const kpiDailyProjection: Projection = {
  name: 'kpi-daily',
  tables: ['analytics.kpi_daily', 'analytics.referral_dimensions', 'analytics.click_dimensions'],
  migrations: [
    {
      id: '001-kpi-daily',
      sql: `
        CREATE SCHEMA IF NOT EXISTS analytics;
        CREATE TABLE analytics.kpi_daily (
          day date NOT NULL,
          program_id text NOT NULL,
          campaign text NOT NULL,
          channel text NOT NULL,
          country text NOT NULL,
          clicks bigint NOT NULL DEFAULT 0,
          signups bigint NOT NULL DEFAULT 0,
          qualified bigint NOT NULL DEFAULT 0,
          conversions bigint NOT NULL DEFAULT 0,
          rejected bigint NOT NULL DEFAULT 0,
          reward_cost_minor bigint NOT NULL DEFAULT 0,
          revenue_minor bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (day, program_id, campaign, channel, country)
        );
        COMMENT ON TABLE analytics.kpi_daily IS 'Referral funnel per UTC day. Unknown dimensions are ''none''. reward_cost_minor counts money rewards granted minus reversed; revenue_minor is the converting payments.';
        CREATE TABLE analytics.click_dimensions (click_id text PRIMARY KEY, campaign text NOT NULL, channel text NOT NULL, country text NOT NULL);
        CREATE TABLE analytics.referral_dimensions (
          referral_id text PRIMARY KEY, program_id text NOT NULL, campaign text NOT NULL, channel text NOT NULL, country text NOT NULL
        );
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') THEN CREATE ROLE analyst NOLOGIN; END IF;
          GRANT USAGE ON SCHEMA analytics TO analyst;
          GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO analyst;
        EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'analyst role not created: %', SQLERRM;
        END $$;
      `,
    },
  ],
  ...applyByEventType({
    'link.clicked': async ({ data }, client) => {
      const d = data as Data & { utm: Data };
      const dims = { campaign: text(d.utm?.campaign), channel: text(d.channel), country: text(d.country) };
      await client.query('INSERT INTO analytics.click_dimensions VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [d.clickId, dims.campaign, dims.channel, dims.country]);
      await add(client, d.clickedAt as string, { programId: d.programId as string, ...dims }, 'clicks', 1);
    },
    'referral.attributed': async ({ data }, client) => {
      const d = data as Data;
      const { rows } = await client.query('SELECT campaign, channel, country FROM analytics.click_dimensions WHERE click_id = $1', [d.clickId]);
      const dims = { programId: d.programId as string, campaign: rows[0]?.campaign ?? NONE, channel: text(d.channel), country: rows[0]?.country ?? NONE };
      await client.query('INSERT INTO analytics.referral_dimensions VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [d.referralId, dims.programId, dims.campaign, dims.channel, dims.country]);
      await add(client, d.attributedAt as string, dims, 'signups', 1);
    },
    'referral.qualified': onReferral('qualifiedAt', 'qualified', () => 1),
    'referral.converted': async (event, client) => {
      await onReferral('convertedAt', 'conversions', () => 1)(event, client);
      const payment = (event.data as { payment: { amount: number } | null }).payment;
      if (payment) await onReferral('convertedAt', 'revenue_minor', () => payment.amount)(event, client);
    },
    'referral.rejected': async ({ data }, client) => {
      const d = data as Data;
      await add(client, d.rejectedAt as string, { programId: text(d.programId), campaign: NONE, channel: NONE, country: NONE }, 'rejected', 1);
    },
    'reward.granted': onReferral('grantedAt', 'reward_cost_minor', (d) => (isMoney(d.unit) ? (d.amount as number) : 0)),
    'reward.reversed': onReferral('reversedAt', 'reward_cost_minor', (d) => (isMoney(d.unit) ? -(d.amount as number) : 0)),
  }),
};

function onReferral(at: string, measure: Measure, amount: (data: Data) => number) {
  return async ({ data }: { data: unknown }, client: PoolClient) => {
    const d = data as Data;
    const value = amount(d);
    if (value === 0) return;
    const { rows } = await client.query('SELECT program_id, campaign, channel, country FROM analytics.referral_dimensions WHERE referral_id = $1', [d.referralId]);
    const dims = rows[0] ?? { program_id: text(d.programId), campaign: NONE, channel: NONE, country: NONE };
    await add(client, d[at] as string, { programId: dims.program_id, campaign: dims.campaign, channel: dims.channel, country: dims.country }, measure, value);
  };
}

async function add(client: PoolClient, at: string, dims: { programId: string; campaign: string; channel: string; country: string }, measure: Measure, value: number) {
  await client.query(
    `INSERT INTO analytics.kpi_daily (day, program_id, campaign, channel, country, ${measure}) VALUES (($1::timestamptz AT TIME ZONE 'UTC')::date, $2, $3, $4, $5, $6)
     ON CONFLICT (day, program_id, campaign, channel, country) DO UPDATE SET ${measure} = analytics.kpi_daily.${measure} + EXCLUDED.${measure}`,
    [at, dims.programId, dims.campaign, dims.channel, dims.country, value],
  );
}

function text(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : NONE;
}

/** Money units are ISO 4217 codes; months, hours and points are not money. */
function isMoney(unit: unknown): boolean {
  return typeof unit === 'string' && /^[A-Z]{3}$/.test(unit);
}
