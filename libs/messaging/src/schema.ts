import { sqlMigration, type MigrationSet } from '@referral-ledger/postgres';

export const MESSAGING_MIGRATIONS: MigrationSet = {
  owner: 'messaging',
  migrations: [
    sqlMigration('MessagingRelayAndConsumers1700000000300', {
      up: `
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
      down: `DROP TABLE IF EXISTS messaging.relay_checkpoints, messaging.processed_messages`,
    }),
    sqlMigration('MessagingDeadLetters1700000000301', {
      up: `
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
      down: `DROP TABLE messaging.dead_letters`,
    }),
    sqlMigration('MessagingIdentityReplayAndDeferral1700000000302', {
      up: `
      -- Relay checkpoints live with every other subscriber's, in projections.checkpoints.
      DROP TABLE messaging.relay_checkpoints;
      -- Dead letters of every transport (on Kafka they also go to <topic>.dlq): what operators list and replay.
      ALTER TABLE messaging.dead_letters
        ADD COLUMN consumer text NOT NULL DEFAULT 'unknown',
        ADD COLUMN replayed_at timestamptz,
        ADD COLUMN replay_outcome text;
      ALTER TABLE messaging.dead_letters ALTER COLUMN consumer DROP DEFAULT;
      CREATE INDEX dead_letters_open ON messaging.dead_letters (consumer) WHERE replayed_at IS NULL;
      -- Messages that came before what they depend on (a payment before its signup): they wait, bounded.
      CREATE TABLE messaging.deferred_messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer text NOT NULL,
        wait_key text NOT NULL,
        topic text NOT NULL,
        message_key text,
        value bytea,
        headers jsonb NOT NULL,
        reason text NOT NULL,
        deferred_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX deferred_messages_by_key ON messaging.deferred_messages (consumer, wait_key, id);
      CREATE INDEX deferred_messages_by_expiry ON messaging.deferred_messages (expires_at);
    `,
      down: `
        DROP TABLE messaging.deferred_messages;
        DROP INDEX messaging.dead_letters_open;
        ALTER TABLE messaging.dead_letters DROP COLUMN consumer, DROP COLUMN replayed_at, DROP COLUMN replay_outcome;
        CREATE TABLE messaging.relay_checkpoints (
          relay text PRIMARY KEY,
          commit_position numeric(20) NOT NULL,
          prepare_position numeric(20) NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
      `,
    }),
  ],
};
