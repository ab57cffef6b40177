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
  {
    id: '002-dead-letters',
    sql: `
      -- The embedded mode's DLQ: no broker to hold <topic>.dlq, so dead letters are kept here.
      CREATE TABLE messaging.dead_letters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_topic text NOT NULL,
        message_key text,
        value bytea,
        headers jsonb NOT NULL,
        error text NOT NULL,
        failed_at timestamptz NOT NULL
      );
    `,
  },
];
