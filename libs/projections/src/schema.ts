import { sqlMigration, type MigrationSet } from '@referral-ledger/postgres';

export const PROJECTION_MIGRATIONS: MigrationSet = {
  owner: 'projections',
  migrations: [
    sqlMigration('ProjectionsCheckpoints1700000000500', {
      up: `
      CREATE SCHEMA IF NOT EXISTS projections;
      CREATE TABLE projections.checkpoints (
        projection text PRIMARY KEY,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
      down: `DROP TABLE projections.checkpoints`,
    }),
    sqlMigration('ProjectionsCommitOrderedPositionsAndParking1700000000501', {
      up: `
      -- Postgres positions are the global position alone now (event-store migration 002).
      UPDATE projections.checkpoints SET commit_position = prepare_position;
      -- Events a subscriber (projection or consumer) could not apply: set aside so the rest of the stream goes on.
      CREATE TABLE projections.parked_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subscriber text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        stream_name text NOT NULL,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        error text NOT NULL,
        attempts int NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolution text CHECK (resolution IN ('retried', 'skipped')),
        UNIQUE (subscriber, event_id)
      );
      CREATE INDEX parked_events_open ON projections.parked_events (subscriber) WHERE resolved_at IS NULL;
    `,
      down: `DROP TABLE projections.parked_events`,
    }),
    sqlMigration('ProjectionsHandledMessages1700000000502', {
      up: `
      -- Projections fed by public topics: the messages each has applied, written with the batch, so redeliveries change nothing.
      CREATE TABLE projections.handled_messages (
        projection text NOT NULL,
        message_id uuid NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, message_id)
      );
    `,
      down: `DROP TABLE projections.handled_messages`,
    }),
    sqlMigration('ProjectionsCheckpointOrigin1700000000503', {
      up: `
      -- Which event store the checkpoints are positions in: positions of Postgres and EventStoreDB are not comparable.
      CREATE TABLE projections.checkpoint_origin (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        event_store text NOT NULL,
        bound_at timestamptz NOT NULL DEFAULT now()
      );
      -- Every checkpoint taken before this table existed is a Postgres position.
      INSERT INTO projections.checkpoint_origin (event_store)
        SELECT 'postgres' WHERE EXISTS (SELECT 1 FROM projections.checkpoints WHERE commit_position > 0 OR prepare_position > 0);
    `,
      down: `DROP TABLE projections.checkpoint_origin`,
    }),
  ],
};
