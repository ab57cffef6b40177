import { sqlMigration, type MigrationSet } from '@referral-ledger/postgres';

export const SERVICE_KIT_MIGRATIONS: MigrationSet = {
  owner: 'service-kit',
  migrations: [
    sqlMigration('ServiceKitIdempotencyKeys1700000000200', {
      up: `
      CREATE SCHEMA IF NOT EXISTS service;
      CREATE TABLE service.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        status_code int,
        body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
    `,
      down: `DROP TABLE service.idempotency_keys`,
    }),
  ],
};
