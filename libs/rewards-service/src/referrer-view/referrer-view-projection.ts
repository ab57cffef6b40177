import type { Projection } from '@referral-ledger/projections';
import { StatusChanges } from './status-changes';

type Data = Record<string, unknown>;

const REFERRAL_EVENTS = ['referral.attributed', 'referral.rejected', 'referral.qualified', 'referral.converted', 'referral.cancelled'];
const REWARD_EVENTS = ['reward.granted', 'reward.withheld', 'reward.released', 'reward.reversed'];

/** What a referrer sees: each referral's status and the rewards it earned. Fed by attribution and reward events. */
export const referrerViewProjection: Projection = {
  name: 'referrer-view',
  tables: ['rewards.referral_status', 'rewards.reward_status'],
  migrations: [
    {
      id: '001-referral-and-reward-status',
      sql: `
        CREATE SCHEMA IF NOT EXISTS rewards;
        CREATE TABLE rewards.referral_status (
          referral_id text PRIMARY KEY,
          program_id text,
          referrer_id text,
          referee_id text NOT NULL,
          status text NOT NULL,
          reason text,
          channel text,
          attributed_at timestamptz,
          updated_at timestamptz NOT NULL
        );
        CREATE INDEX referral_status_by_referrer ON rewards.referral_status (referrer_id, program_id);
        CREATE TABLE rewards.reward_status (
          reward_id text PRIMARY KEY,
          referral_id text NOT NULL,
          beneficiary_id text NOT NULL,
          role text NOT NULL,
          kind text NOT NULL,
          unit text NOT NULL,
          amount bigint NOT NULL,
          status text NOT NULL,
          releasable_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL
        );
        CREATE INDEX reward_status_by_referral ON rewards.reward_status (referral_id);
      `,
    },
    { id: '002-withheld-rewards', sql: 'ALTER TABLE rewards.reward_status ADD COLUMN reason text;' },
  ],
  eventTypes: [...REFERRAL_EVENTS, ...REWARD_EVENTS],
  /**
   * Set-based: the batch is folded per referral and per reward into rows to create (if absent) and the last
   * status each reached, then written with one insert and one update per table, whatever the batch size.
   */
  async handle(events, client) {
    const referrals = new StatusChanges();
    const rewards = new StatusChanges();
    for (const { type, data } of events) {
      const d = data as Data;
      switch (type) {
        case 'referral.attributed':
          referrals.create(d.referralId, [d.referralId, d.programId, d.referrerId, d.refereeId, 'attributed', null, d.channel, d.attributedAt, d.attributedAt]);
          break;
        case 'referral.rejected':
          referrals.create(d.referralId, [d.referralId, d.programId, d.referrerId, d.refereeId, 'rejected', d.reason, null, null, d.rejectedAt]);
          referrals.change(d.referralId, 'rejected', d.rejectedAt, d.reason);
          break;
        case 'referral.qualified':
          referrals.change(d.referralId, 'qualified', d.qualifiedAt);
          break;
        case 'referral.converted':
          referrals.change(d.referralId, 'converted', d.convertedAt);
          break;
        case 'referral.cancelled':
          referrals.change(d.referralId, 'cancelled', d.cancelledAt);
          break;
        case 'reward.granted':
          rewards.create(d.rewardId, [d.rewardId, d.referralId, d.beneficiaryId, d.role, d.kind, d.unit, d.amount, 'pending', d.releasableAt, d.grantedAt, null]);
          break;
        case 'reward.withheld':
          rewards.create(d.rewardId, [d.rewardId, d.referralId, d.beneficiaryId, d.role, d.kind, '', 0, 'withheld', d.withheldAt, d.withheldAt, `${d.reason}: ${d.detail}`]);
          break;
        case 'reward.released':
          rewards.change(d.rewardId, 'available', d.releasedAt);
          break;
        case 'reward.reversed':
          rewards.change(d.rewardId, 'reversed', d.reversedAt);
          break;
      }
    }
    await referrals.write(client, 'rewards.referral_status', 'referral_id', ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz']);
    await rewards.write(client, 'rewards.reward_status', 'reward_id', ['text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'text', 'timestamptz', 'timestamptz', 'text']);
  },
};
