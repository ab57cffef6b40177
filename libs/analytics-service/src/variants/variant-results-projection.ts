import { sqlMigration } from '@referral-ledger/postgres';
import { Topics, type AttributionEvent, type RewardsEvent } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import { isMoney } from '../money-unit';
import { Upserts } from '../tables/upserts';
import { VariantReferral, VariantReferrer, VariantResults } from './variant-results-tables';

type VariantEvent =
  Extract<AttributionEvent, { type: 'referral.attributed' | 'referral.converted' }> | Extract<RewardsEvent, { type: 'reward.granted' | 'reward.reversed' | 'reward.clawed_back' }>;

/**
 * `analytics.variant_results` (DESIGN.md §6): per program variant (A/B test of incentives), the referrers who brought
 * someone, signups, conversions, money reward cost (granted minus reversed and clawed back) and converting revenue.
 * A referral belongs to the variant it was attributed under; its later events are counted there.
 */
export const variantResultsProjection: Projection<VariantEvent> = {
  name: 'variant-results',
  topics: [Topics.attribution, Topics.rewards],
  entities: [VariantResults, VariantReferral, VariantReferrer],
  migrations: [
    sqlMigration('VariantResults1700000003200', {
      up: `
        CREATE SCHEMA IF NOT EXISTS analytics;
        CREATE TABLE analytics.variant_results (
          program_id text NOT NULL,
          variant_id text NOT NULL,
          referrers bigint NOT NULL DEFAULT 0,
          signups bigint NOT NULL DEFAULT 0,
          conversions bigint NOT NULL DEFAULT 0,
          reward_cost_minor bigint NOT NULL DEFAULT 0,
          revenue_minor bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (program_id, variant_id)
        );
        COMMENT ON TABLE analytics.variant_results IS 'Per program variant: referrers who brought a signup, signups, conversions, money reward cost (granted minus reversed and clawed back), converting revenue.';
        CREATE TABLE analytics.variant_referrals (referral_id text PRIMARY KEY, program_id text NOT NULL, variant_id text NOT NULL);
        CREATE TABLE analytics.variant_referrers (program_id text NOT NULL, variant_id text NOT NULL, referrer_id text NOT NULL, PRIMARY KEY (program_id, variant_id, referrer_id));
      `,
      down: `DROP TABLE analytics.variant_results, analytics.variant_referrals, analytics.variant_referrers`,
    }),
  ],
  canHandle: canHandle<VariantEvent>({
    'referral.attributed': true,
    'referral.converted': true,
    'reward.granted': true,
    'reward.reversed': true,
    'reward.clawed_back': true,
  }),
  async handle(events, client) {
    const attributed = events.flatMap((event) => (event.type === 'referral.attributed' && event.data.variantId ? [{ ...event.data, variantId: event.data.variantId }] : []));
    const variantOf = new Map(attributed.map((referral) => [referral.referralId, { programId: referral.programId, variantId: referral.variantId }]));
    const later = events.flatMap((event) => (event.type === 'referral.attributed' ? [] : [event.data.referralId])).filter((id) => !variantOf.has(id));
    if (later.length > 0) {
      const { rows } = await client.query<{ referral_id: string; program_id: string; variant_id: string }>(
        'SELECT referral_id, program_id, variant_id FROM analytics.variant_referrals WHERE referral_id = ANY($1)',
        [later],
      );
      for (const row of rows) variantOf.set(row.referral_id, { programId: row.program_id, variantId: row.variant_id });
    }
    const results = new Upserts(VariantResults, { referrers: 'sum', signups: 'sum', conversions: 'sum', reward_cost_minor: 'sum', revenue_minor: 'sum' });
    if (attributed.length > 0) {
      await client.query('INSERT INTO analytics.variant_referrals SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING', [
        attributed.map((r) => r.referralId),
        attributed.map((r) => r.programId),
        attributed.map((r) => r.variantId),
      ]);
      // A referrer counts once per variant: when its first referral there arrives.
      const { rows } = await client.query<{ program_id: string; variant_id: string }>(
        `INSERT INTO analytics.variant_referrers SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING program_id, variant_id`,
        [attributed.map((r) => r.programId), attributed.map((r) => r.variantId), attributed.map((r) => r.referrerId)],
      );
      for (const row of rows) results.add([row.program_id, row.variant_id], { referrers: 1 });
    }
    const add = (referralId: string, values: Record<string, number>) => {
      const variant = variantOf.get(referralId);
      if (variant) results.add([variant.programId, variant.variantId], values);
    };
    for (const event of events) {
      switch (event.type) {
        case 'referral.attributed':
          add(event.data.referralId, { signups: 1 });
          break;
        case 'referral.converted':
          add(event.data.referralId, { conversions: 1, revenue_minor: event.data.payment?.amount ?? 0 });
          break;
        case 'reward.granted':
          if (isMoney(event.data.unit)) add(event.data.referralId, { reward_cost_minor: event.data.amount });
          break;
        case 'reward.reversed':
        case 'reward.clawed_back':
          if (isMoney(event.data.unit)) add(event.data.referralId, { reward_cost_minor: -event.data.amount });
          break;
      }
    }
    await results.write(client);
  },
};
