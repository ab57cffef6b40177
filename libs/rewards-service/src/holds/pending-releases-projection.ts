import { applyByEventType, type Projection } from '@referral-ledger/projections';

/** Rewards still on hold and when they may be released: what the hold sweep looks at. */
export const pendingReleasesProjection: Projection = {
  name: 'pending-releases',
  tables: ['rewards.pending_releases'],
  migrations: [
    {
      id: '001-pending-releases',
      sql: `
        CREATE SCHEMA IF NOT EXISTS rewards;
        CREATE TABLE rewards.pending_releases (
          reward_id text PRIMARY KEY,
          referral_id text NOT NULL,
          releasable_at timestamptz NOT NULL
        );
        CREATE INDEX pending_releases_due ON rewards.pending_releases (releasable_at);
      `,
    },
  ],
  ...applyByEventType({
    'reward.granted': async (event, client) => {
      const { rewardId, referralId, releasableAt } = event.data as { rewardId: string; referralId: string; releasableAt: string };
      await client.query('INSERT INTO rewards.pending_releases VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [rewardId, referralId, releasableAt]);
    },
    'reward.released': async (event, client) => {
      await client.query('DELETE FROM rewards.pending_releases WHERE reward_id = $1', [(event.data as { rewardId: string }).rewardId]);
    },
    'reward.reversed': async (event, client) => {
      await client.query('DELETE FROM rewards.pending_releases WHERE reward_id = $1', [(event.data as { rewardId: string }).rewardId]);
    },
  }),
};
