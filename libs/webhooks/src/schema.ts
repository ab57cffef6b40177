import { sqlMigration, type MigrationSet } from '@referral-ledger/postgres';

export const WEBHOOK_MIGRATIONS: MigrationSet = {
  owner: 'webhooks',
  migrations: [
    sqlMigration('WebhooksSubscriptionsAndDeliveries1700000000600', {
      up: `
      CREATE SCHEMA IF NOT EXISTS webhooks;
      CREATE TABLE webhooks.subscriptions (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        types text[] NOT NULL,
        secret text NOT NULL,
        created_at timestamptz NOT NULL
      );
      -- One delivery per subscription and event, whatever is redelivered to the fan-out.
      CREATE TABLE webhooks.deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhooks.subscriptions (id),
        event_id text NOT NULL,
        event_type text NOT NULL,
        body bytea NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        first_attempt_at timestamptz,
        next_attempt_at timestamptz NOT NULL,
        leased_until timestamptz,
        last_status int,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL,
        UNIQUE (subscription_id, event_id)
      );
      CREATE INDEX deliveries_due ON webhooks.deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_by_subscription ON webhooks.deliveries (subscription_id, status, id);
    `,
      down: `DROP TABLE webhooks.deliveries, webhooks.subscriptions`,
    }),
  ],
};
