import type { Migration } from '@referral-ledger/postgres';

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-events',
    sql: `
      CREATE SCHEMA IF NOT EXISTS event_store;
      CREATE TABLE event_store.streams (
        stream_name text PRIMARY KEY,
        version bigint NOT NULL
      );
      -- transaction_id orders readers (DESIGN.md §3): a row is read only once every older
      -- transaction has ended, so a late commit can never fall behind a reader's checkpoint.
      CREATE TABLE event_store.events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name text NOT NULL,
        stream_version bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_name, stream_version)
      );
      CREATE INDEX events_global_order ON event_store.events (transaction_id, global_position);
      CREATE FUNCTION event_store.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'event_store.events is append-only'; END $$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON event_store.events
        FOR EACH ROW EXECUTE FUNCTION event_store.reject_change();
    `,
  },
];

export const APPENDED_CHANNEL = 'event_store_appended';
