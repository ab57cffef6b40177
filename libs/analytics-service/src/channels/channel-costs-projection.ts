import { sqlMigration } from '@referral-ledger/postgres';
import { Topics, type RewardsEvent } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import { ChannelCost } from './channel-cost.entity';

type ChannelCostsEvent = Extract<RewardsEvent, { type: 'program.channel_costs_set' }>;

/** `analytics.channel_costs`: what each program's other acquisition channels cost, as an admin last entered them. */
export const channelCostsProjection: Projection<ChannelCostsEvent> = {
  name: 'channel-costs',
  topics: [Topics.rewards],
  entities: [ChannelCost],
  migrations: [
    sqlMigration('ChannelCosts1700000003300', {
      up: `
        CREATE SCHEMA IF NOT EXISTS analytics;
        CREATE TABLE analytics.channel_costs (
          program_id text NOT NULL,
          channel text NOT NULL,
          period text NOT NULL,
          spend_minor bigint NOT NULL,
          customers bigint NOT NULL,
          set_at timestamptz NOT NULL,
          PRIMARY KEY (program_id, channel)
        );
        COMMENT ON TABLE analytics.channel_costs IS 'Per program and acquisition channel (not referrals): spend in minor units of the program currency and customers won over a period, as an admin entered them.';
      `,
      down: `DROP TABLE analytics.channel_costs`,
    }),
  ],
  canHandle: canHandle<ChannelCostsEvent>({ 'program.channel_costs_set': true }),
  async handle(events, client) {
    // Each event is the whole set: the last one of a program in the batch replaces what the table held.
    const latest = new Map(events.map((event) => [event.data.programId, event.data]));
    for (const { programId, channelCosts, setAt } of latest.values()) {
      const channels = Object.entries(channelCosts);
      await client.query('DELETE FROM analytics.channel_costs WHERE program_id = $1', [programId]);
      await client.query('INSERT INTO analytics.channel_costs SELECT $1, c.*, $6 FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS c', [
        programId,
        channels.map(([channel]) => channel),
        channels.map(([, c]) => c.period),
        channels.map(([, c]) => c.spendMinor),
        channels.map(([, c]) => c.customers),
        setAt,
      ]);
    }
  },
};
