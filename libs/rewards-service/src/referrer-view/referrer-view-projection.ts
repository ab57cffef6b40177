import { applyByEventType, type Projection } from '@referral-ledger/projections';

type Data = Record<string, unknown>;

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
  ...applyByEventType({
    'referral.attributed': async ({ data }, client) => {
      const d = data as Data;
      await client.query(
        `INSERT INTO rewards.referral_status VALUES ($1, $2, $3, $4, 'attributed', NULL, $5, $6, $6) ON CONFLICT (referral_id) DO NOTHING`,
        [d.referralId, d.programId, d.referrerId, d.refereeId, d.channel, d.attributedAt],
      );
    },
    'referral.rejected': async ({ data }, client) => {
      const d = data as Data;
      await client.query(
        `INSERT INTO rewards.referral_status VALUES ($1, $2, $3, $4, 'rejected', $5, NULL, NULL, $6)
         ON CONFLICT (referral_id) DO UPDATE SET status = 'rejected', reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at`,
        [d.referralId, d.programId, d.referrerId, d.refereeId, d.reason, d.rejectedAt],
      );
    },
    'referral.qualified': status('qualified', 'qualifiedAt'),
    'referral.converted': status('converted', 'convertedAt'),
    'referral.cancelled': status('cancelled', 'cancelledAt'),
    'reward.granted': async ({ data }, client) => {
      const d = data as Data;
      await client.query(`INSERT INTO rewards.reward_status VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9) ON CONFLICT DO NOTHING`, [
        d.rewardId, d.referralId, d.beneficiaryId, d.role, d.kind, d.unit, d.amount, d.releasableAt, d.grantedAt,
      ]);
    },
    'reward.released': rewardStatus('available', 'releasedAt'),
    'reward.reversed': rewardStatus('reversed', 'reversedAt'),
    'reward.withheld': async ({ data }, client) => {
      const d = data as Data;
      await client.query(
        `INSERT INTO rewards.reward_status (reward_id, referral_id, beneficiary_id, role, kind, unit, amount, status, releasable_at, updated_at, reason)
         VALUES ($1, $2, $3, $4, $5, '', 0, 'withheld', $6, $6, $7) ON CONFLICT DO NOTHING`,
        [d.rewardId, d.referralId, d.beneficiaryId, d.role, d.kind, d.withheldAt, `${d.reason}: ${d.detail}`],
      );
    },
  }),
};

function status(next: string, at: string) {
  return async ({ data }: { data: unknown }, client: import('pg').PoolClient) => {
    const d = data as Data;
    await client.query('UPDATE rewards.referral_status SET status = $2, updated_at = $3 WHERE referral_id = $1', [d.referralId, next, d[at]]);
  };
}

function rewardStatus(next: string, at: string) {
  return async ({ data }: { data: unknown }, client: import('pg').PoolClient) => {
    const d = data as Data;
    await client.query('UPDATE rewards.reward_status SET status = $2, updated_at = $3 WHERE reward_id = $1', [d.rewardId, next, d[at]]);
  };
}
