import { sqlMigration } from '@referral-ledger/postgres';
import { Topics, type AttributionEvent } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import { StatusChanges } from './status-changes';
import { ReferralStatusRow } from './referrer-view-tables';

type ReferralEvent = Extract<AttributionEvent, { type: `referral.${string}` }>;

/**
 * Each referral's status as a referrer sees it. Referrals are attribution's: they reach rewards over
 * `referrals.attribution.v1`, as they would reach any other consumer.
 */
export const referralStatusProjection: Projection<ReferralEvent> = {
  name: 'referral-status',
  entities: [ReferralStatusRow],
  topics: [Topics.attribution],
  migrations: [
    sqlMigration('ReferralStatus1700000001400', {
      up: `
        CREATE SCHEMA IF NOT EXISTS rewards;
        CREATE TABLE IF NOT EXISTS rewards.referral_status (
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
        CREATE INDEX IF NOT EXISTS referral_status_by_referrer ON rewards.referral_status (referrer_id, program_id);
      `,
      down: `DROP TABLE rewards.referral_status`,
    }),
    sqlMigration('ReferralStatusVariant1700000001401', {
      up: `ALTER TABLE rewards.referral_status ADD COLUMN IF NOT EXISTS variant_id text;`,
      down: `ALTER TABLE rewards.referral_status DROP COLUMN variant_id`,
    }),
  ],
  canHandle: canHandle<ReferralEvent>({
    'referral.attributed': true,
    'referral.rejected': true,
    'referral.qualified': true,
    'referral.converted': true,
    'referral.cancelled': true,
  }),
  /** Set-based: folded per referral into rows to create (if absent) and the last status each reached; one insert, one update. */
  async handle(events, client) {
    const referrals = new StatusChanges();
    for (const event of events) {
      switch (event.type) {
        case 'referral.attributed': {
          const d = event.data;
          referrals.create(d.referralId, [
            d.referralId,
            d.programId,
            d.referrerId,
            d.refereeId,
            'attributed',
            null,
            d.channel,
            d.attributedAt,
            d.attributedAt,
            d.variantId ?? null,
          ]);
          break;
        }
        case 'referral.rejected': {
          const d = event.data;
          referrals.create(d.referralId, [d.referralId, d.programId, d.referrerId, d.refereeId, 'rejected', d.reason, null, null, d.rejectedAt, null]);
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
      }
    }
    await referrals.write(client, 'rewards.referral_status', 'referral_id', ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'text']);
  },
};
