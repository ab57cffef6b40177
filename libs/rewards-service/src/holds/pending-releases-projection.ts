import { sqlMigration } from '@referral-ledger/postgres';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import type { RewardGranted, RewardReleased, RewardReversed } from '@referral-ledger/rewards-domain';
import { PendingRelease } from './pending-release.entity';

/** Rewards still on hold and when they may be released: what the hold sweep looks at. */
export const pendingReleasesProjection: Projection<RewardGranted | RewardReleased | RewardReversed> = {
  name: 'pending-releases',
  entities: [PendingRelease],
  migrations: [
    sqlMigration('PendingReleases1700000001200', {
      up: `
        CREATE SCHEMA IF NOT EXISTS rewards;
        CREATE TABLE rewards.pending_releases (
          reward_id text PRIMARY KEY,
          referral_id text NOT NULL,
          releasable_at timestamptz NOT NULL
        );
        CREATE INDEX pending_releases_due ON rewards.pending_releases (releasable_at);
      `,
      down: `DROP TABLE rewards.pending_releases`,
    }),
  ],
  canHandle: canHandle<RewardGranted | RewardReleased | RewardReversed>({ 'reward.granted': true, 'reward.released': true, 'reward.reversed': true }),
  /** Set-based: the batch is folded per reward, then one insert and one delete. */
  async handle(events, client) {
    const holds = new Map<string, { referralId: string; releasableAt: string } | null>();
    for (const event of events) {
      holds.set(event.data.rewardId, event.type === 'reward.granted' ? { referralId: event.data.referralId, releasableAt: event.data.releasableAt } : null);
    }
    const held = [...holds].flatMap(([rewardId, hold]) => (hold ? [{ rewardId, ...hold }] : []));
    const ended = [...holds].flatMap(([rewardId, hold]) => (hold ? [] : [rewardId]));
    if (ended.length > 0) await client.query('DELETE FROM rewards.pending_releases WHERE reward_id = ANY ($1::text[])', [ended]);
    if (held.length > 0) {
      await client.query('INSERT INTO rewards.pending_releases SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING', [
        held.map((h) => h.rewardId),
        held.map((h) => h.referralId),
        held.map((h) => h.releasableAt),
      ]);
    }
  },
};
