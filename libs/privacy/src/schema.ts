import { sqlMigration, type MigrationSet } from '@referral-ledger/postgres';

export const PRIVACY_MIGRATIONS: MigrationSet = {
  owner: 'privacy',
  migrations: [
    sqlMigration('PrivacyDataKeys1700000000400', {
      up: `
      CREATE SCHEMA IF NOT EXISTS privacy;
      -- One data key per subject, wrapped by the master key. Deleting the row is the erasure.
      CREATE TABLE privacy.data_keys (
        subject_id text PRIMARY KEY,
        wrapped_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE privacy.forgotten_subjects (
        subject_id text PRIMARY KEY,
        forgotten_at timestamptz NOT NULL DEFAULT now()
      );
    `,
    }),
  ],
};
