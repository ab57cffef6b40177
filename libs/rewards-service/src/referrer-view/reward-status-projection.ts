import { sqlMigration } from '@referral-ledger/postgres';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import type { RewardClawedBack, RewardEvent, RewardFulfilled } from '@referral-ledger/rewards-domain';
import { StatusChanges } from './status-changes';
import { RewardStatusRow } from './referrer-view-tables';

/** Each reward's status (pending, available, redeemed once fulfilled, reversed and withheld with their reason, clawed back), from the rewards service's own events. */
export const rewardStatusProjection: Projection<RewardEvent | RewardFulfilled | RewardClawedBack> = {
  name: 'reward-status',
  entities: [RewardStatusRow],
  migrations: [
    sqlMigration('RewardStatus1700000001300', {
      up: `
        CREATE SCHEMA IF NOT EXISTS rewards;
        CREATE TABLE IF NOT EXISTS rewards.reward_status (
          reward_id text PRIMARY KEY,
          referral_id text NOT NULL,
          beneficiary_id text NOT NULL,
          role text NOT NULL,
          kind text NOT NULL,
          unit text NOT NULL,
          amount bigint NOT NULL,
          status text NOT NULL,
          releasable_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL,
          reason text
        );
        ALTER TABLE rewards.reward_status ADD COLUMN IF NOT EXISTS reason text;
        CREATE INDEX IF NOT EXISTS reward_status_by_referral ON rewards.reward_status (referral_id);
      `,
      down: `DROP TABLE rewards.reward_status`,
    }),
    sqlMigration('RewardStatusVoucherCode1700000001301', {
      up: `ALTER TABLE rewards.reward_status ADD COLUMN IF NOT EXISTS voucher_code text;`,
      down: `ALTER TABLE rewards.reward_status DROP COLUMN voucher_code`,
    }),
  ],
  canHandle: canHandle<RewardEvent | RewardFulfilled | RewardClawedBack>({
    'reward.granted': true,
    'reward.withheld': true,
    'reward.released': true,
    'reward.reversed': true,
    'reward.fulfilled': true,
    'reward.clawed_back': true,
  }),
  /** Set-based: folded per reward into rows to create (if absent) and the last status each reached; one insert, one update. */
  async handle(events, client) {
    const rewards = new StatusChanges();
    for (const event of events) {
      switch (event.type) {
        case 'reward.granted': {
          const d = event.data;
          rewards.create(d.rewardId, [
            d.rewardId,
            d.referralId,
            d.beneficiaryId,
            d.role,
            d.kind,
            d.unit,
            d.amount,
            'pending',
            d.releasableAt,
            d.grantedAt,
            null,
            d.voucherCode ?? null,
          ]);
          break;
        }
        case 'reward.withheld': {
          const d = event.data;
          rewards.create(d.rewardId, [d.rewardId, d.referralId, d.beneficiaryId, d.role, d.kind, '', 0, 'withheld', d.withheldAt, d.withheldAt, `${d.reason}: ${d.detail}`, null]);
          break;
        }
        case 'reward.released':
          rewards.change(event.data.rewardId, 'available', event.data.releasedAt);
          break;
        case 'reward.reversed':
          rewards.change(event.data.rewardId, 'reversed', event.data.reversedAt, event.data.reason);
          break;
        case 'reward.fulfilled':
          rewards.change(event.data.rewardId, 'redeemed', event.data.fulfilledAt);
          break;
        case 'reward.clawed_back':
          rewards.change(event.data.rewardId, 'clawed_back', event.data.clawedBackAt);
          break;
      }
    }
    await rewards.write(client, 'rewards.reward_status', 'reward_id', [
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'bigint',
      'text',
      'timestamptz',
      'timestamptz',
      'text',
      'text',
    ]);
  },
};
