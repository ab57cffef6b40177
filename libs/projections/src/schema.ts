import type { Migration } from '@referral-ledger/postgres';

export const PROJECTION_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-checkpoints',
    sql: `
      CREATE SCHEMA IF NOT EXISTS projections;
      CREATE TABLE projections.checkpoints (
        projection text PRIMARY KEY,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
