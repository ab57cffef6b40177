import type { Migration } from '@referral-ledger/postgres';

export const MESSAGING_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-relay-and-consumers',
    sql: `
      CREATE SCHEMA IF NOT EXISTS messaging;
      CREATE TABLE messaging.relay_checkpoints (
        relay text PRIMARY KEY,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE messaging.processed_messages (
        consumer text NOT NULL,
        message_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      );
    `,
  },
];
