import { sqlMigration } from '@referral-ledger/postgres';
import { Topics, type AttributionEvent, type CustomerEventData } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import { Upserts } from '../tables/upserts';
import { KPI_VIEWS } from '../kpis/kpi-views';
import { CustomerValue } from './customer-value.entity';

type CustomerEvent =
  | { type: 'customer.signed_up'; data: CustomerEventData['customer.signed_up'] }
  | { type: 'payment.succeeded'; data: CustomerEventData['payment.succeeded'] }
  | { type: 'payment.refunded'; data: CustomerEventData['payment.refunded'] }
  | { type: 'subscription.cancelled'; data: CustomerEventData['subscription.cancelled'] }
  | { type: 'nps.submitted'; data: CustomerEventData['nps.submitted'] }
  | Extract<AttributionEvent, { type: 'referral.attributed' }>;

/**
 * `analytics.customer_value` (DESIGN.md §6): every customer the platform heard of, referred or not, with what they
 * paid, what was refunded, when they churned and their last NPS answer: LTV, retention and NPS, referred vs not.
 */
export const customerValueProjection: Projection<CustomerEvent> = {
  name: 'customer-value',
  topics: [Topics.customerEvents, Topics.attribution],
  entities: [CustomerValue],
  migrations: [
    sqlMigration('CustomerValue1700000003400', {
      up: `
        CREATE SCHEMA IF NOT EXISTS analytics;
        CREATE TABLE analytics.customer_value (
          customer_id text PRIMARY KEY,
          referred boolean NOT NULL,
          program_id text,
          signed_up_at timestamptz,
          revenue_minor bigint NOT NULL DEFAULT 0,
          refunded_minor bigint NOT NULL DEFAULT 0,
          cancelled_at timestamptz,
          last_nps smallint
        );
        COMMENT ON TABLE analytics.customer_value IS 'Per customer: referred (and in which program) or not, signup, payments and refunds in minor units, churn, last NPS answer (0-10).';
      `,
      down: `DROP TABLE analytics.customer_value`,
    }),
    // The views read every analytics table: their timestamp orders them after every analytics table's migration.
    ...KPI_VIEWS,
  ],
  canHandle: canHandle<CustomerEvent>({
    'customer.signed_up': true,
    'payment.succeeded': true,
    'payment.refunded': true,
    'subscription.cancelled': true,
    'nps.submitted': true,
    'referral.attributed': true,
  }),
  async handle(events, client) {
    const customers = new Upserts(CustomerValue, {
      // false < true: once referred, referred.
      referred: 'greatest',
      program_id: 'latest',
      signed_up_at: 'least',
      revenue_minor: 'sum',
      refunded_minor: 'sum',
      cancelled_at: 'latest',
      last_nps: 'latest',
    });
    for (const event of events) {
      const at = event.metadata.occurredAt;
      switch (event.type) {
        case 'customer.signed_up':
          customers.add([event.data.customerId], { referred: false, signed_up_at: at });
          break;
        case 'referral.attributed':
          customers.add([event.data.refereeId], { referred: true, program_id: event.data.programId });
          break;
        case 'payment.succeeded':
          customers.add([event.data.customerId], { referred: false, revenue_minor: event.data.amount });
          break;
        case 'payment.refunded':
          customers.add([event.data.customerId], { referred: false, refunded_minor: event.data.amount });
          break;
        case 'subscription.cancelled':
          customers.add([event.data.customerId], { referred: false, cancelled_at: at });
          break;
        case 'nps.submitted':
          customers.add([event.data.customerId], { referred: false, last_nps: event.data.score });
          break;
      }
    }
    await customers.write(client);
  },
};
