import type { AttributionEvent } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import type { RewardEvent } from '@referral-ledger/rewards-domain';
import { StatusChanges } from './status-changes';

type ReferralEvent = Extract<AttributionEvent, { type: `referral.${string}` }>;
type ViewEvent = ReferralEvent | RewardEvent;

/** What a referrer sees: each referral's status and the rewards it earned. Fed by attribution and reward events. */
export const referrerViewProjection: Projection<ViewEvent> = {
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
  canHandle: canHandle<ViewEvent>({
    'referral.attributed': true,
    'referral.rejected': true,
    'referral.qualified': true,
    'referral.converted': true,
    'referral.cancelled': true,
    'reward.granted': true,
    'reward.withheld': true,
    'reward.released': true,
    'reward.reversed': true,
  }),
  /**
   * Set-based: the batch is folded per referral and per reward into rows to create (if absent) and the last
   * status each reached, then written with one insert and one update per table, whatever the batch size.
   */
  async handle(events, client) {
    const referrals = new StatusChanges();
    const rewards = new StatusChanges();
    for (const event of events) {
      switch (event.type) {
        case 'referral.attributed': {
          const d = event.data;
          referrals.create(d.referralId, [d.referralId, d.programId, d.referrerId, d.refereeId, 'attributed', null, d.channel, d.attributedAt, d.attributedAt]);
          break;
        }
        case 'referral.rejected': {
          const d = event.data;
          referrals.create(d.referralId, [d.referralId, d.programId, d.referrerId, d.refereeId, 'rejected', d.reason, null, null, d.rejectedAt]);
          referrals.change(d.referralId, 'rejected', d.rejectedAt, d.reason);
          break;
        }
        case 'referral.qualified':
          referrals.change(event.data.referralId, 'qualified', event.data.qualifiedAt);
          break;
        case 'referral.converted':
          referrals.change(event.data.referralId, 'converted', event.data.convertedAt);
          break;
        case 'referral.cancelled':
          referrals.change(event.data.referralId, 'cancelled', event.data.cancelledAt);
          break;
        case 'reward.granted': {
          const d = event.data;
          rewards.create(d.rewardId, [d.rewardId, d.referralId, d.beneficiaryId, d.role, d.kind, d.unit, d.amount, 'pending', d.releasableAt, d.grantedAt, null]);
          break;
        }
        case 'reward.withheld': {
          const d = event.data;
          rewards.create(d.rewardId, [d.rewardId, d.referralId, d.beneficiaryId, d.role, d.kind, '', 0, 'withheld', d.withheldAt, d.withheldAt, `${d.reason}: ${d.detail}`]);
          break;
        }
        case 'reward.released':
          rewards.change(event.data.rewardId, 'available', event.data.releasedAt);
          break;
        case 'reward.reversed':
          rewards.change(event.data.rewardId, 'reversed', event.data.reversedAt);
          break;
      }
    }
    await referrals.write(client, 'rewards.referral_status', 'referral_id', ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz']);
    await rewards.write(client, 'rewards.reward_status', 'reward_id', ['text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'text', 'timestamptz', 'timestamptz', 'text']);
  },
};
