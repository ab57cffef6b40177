import { sqlMigration } from '@referral-ledger/postgres';
import { Topics, type AttributionEvent, type RewardsEvent } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import { isMoney } from '../money-unit';
import { Upserts } from '../tables/upserts';
import { ReferrerReward, ReferrerStats } from './referrer-stats-tables';

type ReferrerEvent =
  | Extract<AttributionEvent, { type: 'referrer.enrolled' | 'link.clicked' | 'referral.attributed' | 'referral.converted' }>
  | Extract<RewardsEvent, { type: 'reward.granted' | 'reward.reversed' | 'reward.clawed_back' }>;

/** The rewards a referrer earns: its own side of a referral, its referrer's share, milestones, recurring shares. */
const EARNED_BY_REFERRERS = new Set(['referrer', 'second_level', 'milestone', 'recurring_share']);

/**
 * `analytics.referrer_stats` (DESIGN.md §6): per program and referrer, clicks on its links, signups and conversions it
 * brought, money rewards it earned (granted minus reversed and clawed back), and its first and last referral.
 */
export const referrerStatsProjection: Projection<ReferrerEvent> = {
  name: 'referrer-stats',
  topics: [Topics.attribution, Topics.rewards],
  entities: [ReferrerStats, ReferrerReward],
  migrations: [
    sqlMigration('ReferrerStats1700000003100', {
      up: `
        CREATE SCHEMA IF NOT EXISTS analytics;
        CREATE TABLE analytics.referrer_stats (
          program_id text NOT NULL,
          customer_id text NOT NULL,
          clicks bigint NOT NULL DEFAULT 0,
          signups bigint NOT NULL DEFAULT 0,
          conversions bigint NOT NULL DEFAULT 0,
          rewards_earned_minor bigint NOT NULL DEFAULT 0,
          first_referral_at timestamptz,
          last_referral_at timestamptz,
          PRIMARY KEY (program_id, customer_id)
        );
        COMMENT ON TABLE analytics.referrer_stats IS 'Per program and enrolled referrer: clicks on its links, signups and conversions it brought, money rewards earned (granted minus reversed and clawed back), first and last referral.';
        -- Which granted rewards were a referrer's, so that a reversal (which does not say) is taken off the right row.
        CREATE TABLE analytics.referrer_rewards (reward_id text PRIMARY KEY, program_id text NOT NULL, customer_id text NOT NULL);
      `,
      down: `DROP TABLE analytics.referrer_stats, analytics.referrer_rewards`,
    }),
  ],
  canHandle: canHandle<ReferrerEvent>({
    'referrer.enrolled': true,
    'link.clicked': true,
    'referral.attributed': true,
    'referral.converted': true,
    'reward.granted': true,
    'reward.reversed': true,
    'reward.clawed_back': true,
  }),
  async handle(events, client) {
    const stats = new Upserts(ReferrerStats, {
      clicks: 'sum',
      signups: 'sum',
      conversions: 'sum',
      rewards_earned_minor: 'sum',
      first_referral_at: 'least',
      last_referral_at: 'greatest',
    });
    const earned = events.flatMap((event) => (event.type === 'reward.granted' && EARNED_BY_REFERRERS.has(event.data.role) && isMoney(event.data.unit) ? [event.data] : []));
    if (earned.length > 0)
      await client.query('INSERT INTO analytics.referrer_rewards SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING', [
        earned.map((reward) => reward.rewardId),
        earned.map((reward) => reward.programId),
        earned.map((reward) => reward.beneficiaryId),
      ]);
    const takenBack = events.flatMap((event) => (event.type === 'reward.reversed' || event.type === 'reward.clawed_back' ? [event.data.rewardId] : []));
    const referrerOf = new Map<string, { programId: string; customerId: string }>();
    if (takenBack.length > 0) {
      const { rows } = await client.query<{ reward_id: string; program_id: string; customer_id: string }>(
        'SELECT reward_id, program_id, customer_id FROM analytics.referrer_rewards WHERE reward_id = ANY($1)',
        [takenBack],
      );
      for (const row of rows) referrerOf.set(row.reward_id, { programId: row.program_id, customerId: row.customer_id });
    }
    for (const event of events) {
      switch (event.type) {
        case 'referrer.enrolled':
          stats.add([event.data.programId, event.data.customerId], {});
          break;
        case 'link.clicked':
          stats.add([event.data.programId, event.data.referrerId], { clicks: 1 });
          break;
        case 'referral.attributed': {
          const { programId, referrerId, attributedAt } = event.data;
          stats.add([programId, referrerId], { signups: 1, first_referral_at: attributedAt, last_referral_at: attributedAt });
          break;
        }
        case 'referral.converted':
          stats.add([event.data.programId, event.data.referrerId], { conversions: 1 });
          break;
        case 'reward.granted':
          if (EARNED_BY_REFERRERS.has(event.data.role) && isMoney(event.data.unit))
            stats.add([event.data.programId, event.data.beneficiaryId], { rewards_earned_minor: event.data.amount });
          break;
        case 'reward.reversed':
        case 'reward.clawed_back': {
          const referrer = referrerOf.get(event.data.rewardId);
          if (referrer) stats.add([referrer.programId, referrer.customerId], { rewards_earned_minor: -event.data.amount });
          break;
        }
      }
    }
    await stats.write(client);
  },
};
