import { sqlMigration } from '@referral-ledger/postgres';
import type { PoolClient } from 'pg';
import { Topics, type AttributionEvent, type RewardsEvent } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import { isMoney } from '../money-unit';
import { KpiTotals, NONE, type Measure } from './kpi-totals';
import { ClickDimensions, KpiDaily, ReferralDimensions } from './kpi-tables';

type KpiEvent =
  | Extract<AttributionEvent, { type: 'link.clicked' | 'referral.attributed' | 'referral.qualified' | 'referral.converted' | 'referral.rejected' }>
  | Extract<RewardsEvent, { type: 'reward.granted' | 'reward.reversed' | 'reward.clawed_back' }>;

/**
 * `analytics.kpi_daily` (DESIGN.md §6): one row per day, program, campaign, channel and country. Later
 * events of a referral are counted under the dimensions it had when attributed (`analytics.referral_dimensions`).
 */
export const kpiDailyProjection: Projection<KpiEvent> = {
  name: 'kpi-daily',
  // Analytics owns no events: everything it counts reaches it over the public topics.
  topics: [Topics.attribution, Topics.rewards],
  entities: [KpiDaily, ReferralDimensions, ClickDimensions],
  migrations: [
    sqlMigration('KpiDaily1700000003000', {
      up: `
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
      down: `DROP TABLE analytics.kpi_daily, analytics.click_dimensions, analytics.referral_dimensions`,
    }),
    // Counted from here on: a deployment with older rows runs `npm run rebuild -- kpi-daily` once.
    sqlMigration('KpiDailyFraudRejected1700000003001', {
      up: `
        ALTER TABLE analytics.kpi_daily ADD COLUMN fraud_rejected bigint NOT NULL DEFAULT 0;
        COMMENT ON TABLE analytics.kpi_daily IS 'Referral funnel per UTC day. Unknown dimensions are ''none''. rejected counts every rejection, fraud_rejected those for fraud; reward_cost_minor counts money rewards granted minus reversed and clawed back; revenue_minor is the converting payments.';
      `,
      down: `ALTER TABLE analytics.kpi_daily DROP COLUMN fraud_rejected`,
    }),
  ],
  canHandle: canHandle<KpiEvent>({
    'link.clicked': true,
    'referral.attributed': true,
    'referral.qualified': true,
    'referral.converted': true,
    'referral.rejected': true,
    'reward.granted': true,
    'reward.reversed': true,
    'reward.clawed_back': true,
  }),
  /**
   * Set-based: the dimensions the batch needs are read in two queries, the increments are summed in memory
   * per row, and each table is written once, whatever the batch size.
   */
  async handle(events, client) {
    const clicks = await knownClicks(client, events);
    const referrals = await knownReferrals(client, events);
    const totals = new KpiTotals();
    const newClicks: Array<[string, Dimensions]> = [];
    const newReferrals: Array<[string, ProgramDimensions]> = [];
    const onReferral = (referral: { referralId: string; programId: string }, at: string, measure: Measure, value: number) => {
      if (value === 0) return;
      const dims = referrals.get(referral.referralId) ?? { programId: referral.programId, campaign: NONE, channel: NONE, country: NONE };
      totals.add(at, dims, measure, value);
    };
    for (const event of events) {
      switch (event.type) {
        case 'link.clicked': {
          const { clickId, utm, channel, country, programId, clickedAt } = event.data;
          const dims = { campaign: text(utm.campaign), channel: text(channel), country: text(country) };
          if (!clicks.has(clickId)) newClicks.push([clickId, dims]);
          clicks.set(clickId, dims);
          totals.add(clickedAt, { programId, ...dims }, 'clicks', 1);
          break;
        }
        case 'referral.attributed': {
          const { referralId, clickId, programId, channel, attributedAt } = event.data;
          const click = clickId === null ? undefined : clicks.get(clickId);
          const dims = { programId, campaign: click?.campaign ?? NONE, channel: text(channel), country: click?.country ?? NONE };
          if (!referrals.has(referralId)) newReferrals.push([referralId, dims]);
          referrals.set(referralId, dims);
          totals.add(attributedAt, dims, 'signups', 1);
          break;
        }
        case 'referral.qualified':
          onReferral(event.data, event.data.qualifiedAt, 'qualified', 1);
          break;
        case 'referral.converted':
          onReferral(event.data, event.data.convertedAt, 'conversions', 1);
          if (event.data.payment) onReferral(event.data, event.data.convertedAt, 'revenue_minor', event.data.payment.amount);
          break;
        case 'referral.rejected': {
          const dims = referrals.get(event.data.referralId) ?? { programId: text(event.data.programId), campaign: NONE, channel: NONE, country: NONE };
          totals.add(event.data.rejectedAt, dims, 'rejected', 1);
          if (event.data.reason === 'fraud') totals.add(event.data.rejectedAt, dims, 'fraud_rejected', 1);
          break;
        }
        case 'reward.granted':
          onReferral(event.data, event.data.grantedAt, 'reward_cost_minor', isMoney(event.data.unit) ? event.data.amount : 0);
          break;
        case 'reward.reversed':
          onReferral(event.data, event.data.reversedAt, 'reward_cost_minor', isMoney(event.data.unit) ? -event.data.amount : 0);
          break;
        case 'reward.clawed_back':
          onReferral(event.data, event.data.clawedBackAt, 'reward_cost_minor', isMoney(event.data.unit) ? -event.data.amount : 0);
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

async function knownClicks(client: PoolClient, events: readonly KpiEvent[]): Promise<Map<string, Dimensions>> {
  const ids = events.flatMap((event) => (event.type === 'referral.attributed' && event.data.clickId !== null ? [event.data.clickId] : []));
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<Dimensions & { click_id: string }>(
    'SELECT click_id, campaign, channel, country FROM analytics.click_dimensions WHERE click_id = ANY ($1::text[])',
    [ids],
  );
  return new Map(rows.map(({ click_id, ...dims }) => [click_id, dims]));
}

async function knownReferrals(client: PoolClient, events: readonly KpiEvent[]): Promise<Map<string, ProgramDimensions>> {
  const ids = events.flatMap((event) => (event.type === 'link.clicked' || event.type === 'referral.attributed' ? [] : [event.data.referralId]));
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ referral_id: string; program_id: string; campaign: string; channel: string; country: string }>(
    'SELECT referral_id, program_id, campaign, channel, country FROM analytics.referral_dimensions WHERE referral_id = ANY ($1::text[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.referral_id, { programId: row.program_id, campaign: row.campaign, channel: row.channel, country: row.country }]));
}

function text(value: string | null): string {
  return value ? value : NONE;
}

/** Money units are ISO 4217 codes; months, hours and points are not money. */
