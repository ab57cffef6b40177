import { sqlMigration, type MigrationClass } from '@referral-ledger/postgres';

/**
 * Fraud's own read model of the public topics (DESIGN.md §5): personal data only as blind indexes, times as the
 * events' own, so counts "within an hour of the signup" come out the same live, late or in a bulk import.
 */
export const FRAUD_FACTS_MIGRATIONS: readonly MigrationClass[] = [
  sqlMigration('FraudFacts1700000002000', {
    up: `
      CREATE SCHEMA IF NOT EXISTS fraud;
      CREATE TABLE fraud.signups (
        customer_id text PRIMARY KEY,
        signed_up_at timestamptz NOT NULL,
        email_index text NOT NULL,
        email_stem_index text NOT NULL,
        email_domain text NOT NULL,
        network_index text,
        ip_index text,
        device_index text
      );
      CREATE INDEX signups_by_network ON fraud.signups (network_index, signed_up_at);
      CREATE INDEX signups_by_email_stem ON fraud.signups (email_stem_index, signed_up_at);
      CREATE INDEX signups_by_device ON fraud.signups (device_index);
      CREATE INDEX signups_by_ip ON fraud.signups (ip_index);
      CREATE TABLE fraud.enrolments (program_id text NOT NULL, customer_id text NOT NULL, email_index text NOT NULL, PRIMARY KEY (program_id, customer_id));
      CREATE TABLE fraud.referrals (
        referral_id text PRIMARY KEY,
        program_id text NOT NULL,
        referrer_id text NOT NULL,
        referee_id text NOT NULL,
        attributed_at timestamptz NOT NULL,
        clicked_at timestamptz,
        converted_at timestamptz,
        released boolean NOT NULL DEFAULT false,
        closed boolean NOT NULL DEFAULT false
      );
      CREATE INDEX referrals_by_referrer ON fraud.referrals (referrer_id, attributed_at);
      CREATE INDEX referrals_by_referee ON fraud.referrals (referee_id);
      CREATE TABLE fraud.payment_methods (customer_id text NOT NULL, fingerprint_index text NOT NULL, PRIMARY KEY (customer_id, fingerprint_index));
      CREATE INDEX payment_methods_by_fingerprint ON fraud.payment_methods (fingerprint_index);
      CREATE TABLE fraud.held_rewards (
        reward_id text PRIMARY KEY, referral_id text NOT NULL, beneficiary_id text NOT NULL, unit text NOT NULL, amount bigint NOT NULL, status text NOT NULL
      );
      CREATE INDEX held_rewards_by_referral ON fraud.held_rewards (referral_id);
      CREATE TABLE fraud.program_thresholds (program_id text PRIMARY KEY, version integer NOT NULL, thresholds jsonb NOT NULL);
      CREATE SEQUENCE fraud.screening_ticket;
      CREATE TABLE fraud.screening_queue (
        referral_id text PRIMARY KEY,
        ticket bigint NOT NULL DEFAULT nextval('fraud.screening_ticket'),
        failures integer NOT NULL DEFAULT 0,
        retry_at timestamptz,
        last_error text
      );
      COMMENT ON TABLE fraud.screening_queue IS 'Referrals whose facts changed since they were last scored, written with the facts; the screener drains it.';
    `,
    down: `
        DROP TABLE fraud.signups, fraud.enrolments, fraud.referrals, fraud.payment_methods, fraud.held_rewards, fraud.program_thresholds, fraud.screening_queue;
        DROP SEQUENCE fraud.screening_ticket;
      `,
  }),
];
