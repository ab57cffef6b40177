import type { Migration } from '@referral-ledger/postgres';

export const SERVICE_KIT_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-idempotency-keys',
    sql: `
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
  },
];
