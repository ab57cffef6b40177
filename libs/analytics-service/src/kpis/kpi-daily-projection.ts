import type { PoolClient } from 'pg';
import type { Projection } from '@referral-ledger/projections';
import { KpiTotals, NONE, type Measure } from './kpi-totals';

type Data = Record<string, unknown>;

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
  eventTypes: ['link.clicked', 'referral.attributed', 'referral.qualified', 'referral.converted', 'referral.rejected', 'reward.granted', 'reward.reversed'],
  /**
   * Set-based: the dimensions the batch needs are read in two queries, the increments are summed in memory
   * per row, and each table is written once, whatever the batch size.
   */
  async handle(events, client) {
    const batch = events.map(({ type, data }) => ({ type, d: data as Data }));
    const clicks = await knownClicks(client, batch);
    const referrals = await knownReferrals(client, batch);
    const totals = new KpiTotals();
    const newClicks: Array<[string, Dimensions]> = [];
    const newReferrals: Array<[string, ProgramDimensions]> = [];
    const onReferral = (d: Data, at: unknown, measure: Measure, value: number) => {
      if (value === 0) return;
      const dims = referrals.get(d.referralId as string) ?? { programId: text(d.programId), campaign: NONE, channel: NONE, country: NONE };
      totals.add(at as string, dims, measure, value);
    };
    for (const { type, d } of batch) {
      switch (type) {
        case 'link.clicked': {
          const utm = d.utm as Data | undefined;
          const dims = { campaign: text(utm?.campaign), channel: text(d.channel), country: text(d.country) };
          if (!clicks.has(d.clickId as string)) newClicks.push([d.clickId as string, dims]);
          clicks.set(d.clickId as string, dims);
          totals.add(d.clickedAt as string, { programId: d.programId as string, ...dims }, 'clicks', 1);
          break;
        }
        case 'referral.attributed': {
          const click = clicks.get(d.clickId as string);
          const dims = { programId: d.programId as string, campaign: click?.campaign ?? NONE, channel: text(d.channel), country: click?.country ?? NONE };
          if (!referrals.has(d.referralId as string)) newReferrals.push([d.referralId as string, dims]);
          referrals.set(d.referralId as string, dims);
          totals.add(d.attributedAt as string, dims, 'signups', 1);
          break;
        }
        case 'referral.qualified':
          onReferral(d, d.qualifiedAt, 'qualified', 1);
          break;
        case 'referral.converted': {
          onReferral(d, d.convertedAt, 'conversions', 1);
          const payment = d.payment as { amount: number } | null;
          if (payment) onReferral(d, d.convertedAt, 'revenue_minor', payment.amount);
          break;
        }
        case 'referral.rejected':
          totals.add(d.rejectedAt as string, { programId: text(d.programId), campaign: NONE, channel: NONE, country: NONE }, 'rejected', 1);
          break;
        case 'reward.granted':
          onReferral(d, d.grantedAt, 'reward_cost_minor', isMoney(d.unit) ? (d.amount as number) : 0);
          break;
        case 'reward.reversed':
          onReferral(d, d.reversedAt, 'reward_cost_minor', isMoney(d.unit) ? -(d.amount as number) : 0);
          break;
      }
    }
    if (newClicks.length > 0) {
      await client.query('INSERT INTO analytics.click_dimensions SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING', [
        newClicks.map(([id]) => id),
        newClicks.map(([, dims]) => dims.campaign),
        newClicks.map(([, dims]) => dims.channel),
        newClicks.map(([, dims]) => dims.country),
      ]);
    }
    if (newReferrals.length > 0) {
      await client.query('INSERT INTO analytics.referral_dimensions SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING', [
        newReferrals.map(([id]) => id),
        newReferrals.map(([, dims]) => dims.programId),
        newReferrals.map(([, dims]) => dims.campaign),
        newReferrals.map(([, dims]) => dims.channel),
        newReferrals.map(([, dims]) => dims.country),
      ]);
    }
    await totals.write(client);
  },
};

interface Dimensions {
  campaign: string;
  channel: string;
  country: string;
}

type ProgramDimensions = Dimensions & { programId: string };

async function knownClicks(client: PoolClient, batch: ReadonlyArray<{ type: string; d: Data }>): Promise<Map<string, Dimensions>> {
  const ids = batch.filter(({ type, d }) => type === 'referral.attributed' && typeof d.clickId === 'string').map(({ d }) => d.clickId as string);
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<Dimensions & { click_id: string }>('SELECT click_id, campaign, channel, country FROM analytics.click_dimensions WHERE click_id = ANY ($1::text[])', [ids]);
  return new Map(rows.map(({ click_id, ...dims }) => [click_id, dims]));
}

async function knownReferrals(client: PoolClient, batch: ReadonlyArray<{ type: string; d: Data }>): Promise<Map<string, ProgramDimensions>> {
  const ids = batch.filter(({ type }) => type !== 'link.clicked' && type !== 'referral.attributed' && type !== 'referral.rejected').map(({ d }) => d.referralId as string);
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ referral_id: string; program_id: string; campaign: string; channel: string; country: string }>(
    'SELECT referral_id, program_id, campaign, channel, country FROM analytics.referral_dimensions WHERE referral_id = ANY ($1::text[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.referral_id, { programId: row.program_id, campaign: row.campaign, channel: row.channel, country: row.country }]));
}

function text(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : NONE;
}

/** Money units are ISO 4217 codes; months, hours and points are not money. */
function isMoney(unit: unknown): boolean {
  return typeof unit === 'string' && /^[A-Z]{3}$/.test(unit);
}
